import { apiUrl, predictable } from './ecr/api-connection.js'
import type { ApiOptions, ApiTarget, EcrApi } from './ecr/aws.js'
import {
  envPath,
  pick,
  type ClientFactory,
  type ClientName,
  type ClientOptions,
  type RegistryClient
} from './clients/client.js'
import type { KeptLogin } from './config/credential-store.js'
import { CombinedError, messageOf, UserError } from './errors.js'
import { HELPER_STATE, installHelper, type HelperModeDeps } from './install-helper.js'
import type { Credentials } from './ecr/identities.js'
import { identityKey, type Identity } from './ecr/identity.js'
import { INPUTS, readInputs, type Inputs } from './inputs.js'
import { isRegistryList, readRegistryList } from './registry-list.js'
import { createJobConfig, useJobConfig } from './job-config.js'
import { mapConcurrent } from './limit.js'
import {
  maskPasswords,
  saveJobConfig,
  saveInitialState,
  saveLoggedIn,
  setJobConfigOutputs,
  setOutputs,
  STATES,
  UNMASKED_WARNING
} from './outputs.js'
import { proxyFor, type ProxySettings } from './ecr/proxy.js'
import { redact, redactUrl } from './redact.js'
import type { Runner } from './runner.js'
import { likelyHost, PUBLIC_HOST, regionFromEnv } from './ecr/registry.js'
import { boundedClient, type RetryPolicy } from './retry.js'
import { count } from './text.js'
import { fetchGrants, groupTargets, type ApiGroup, type FetchResult, type Grant } from './ecr/tokens.js'

/** Everything main needs from the outside world; tests pass fakes. */
export interface LoginDeps {
  runner: Runner
  clients: ClientFactory
  ecrFor(api: ApiTarget, options: ApiOptions): Promise<EcrApi>
  now(): Date
  env: NodeJS.ProcessEnv
  /** Opens the API connection early (api-connection.ts); tests leave it out. */
  preconnect?(url: string): void
  /** What credential-helper mode needs beyond the above. */
  helper: Pick<HelperModeDeps, 'accessKeyId' | 'primeCache' | 'helperScript'>
  /** The pause between login attempts; real timers unless a test makes them instant. */
  sleep?: RetryPolicy['sleep']
  /** Credentials of a list item's identity; default: identities.ts, loaded only when one is used. */
  credentialsFor?(identity: Identity, options: ApiOptions): Promise<Credentials>
}

/**
 * At most this many client logins at once. Each is a short-lived process waiting on the
 * daemon's registry round trips, so waves of a smaller cap cost a full login each (the bench:
 * 10 registries took 3 waves at a cap of 4).
 */
export const LOGIN_CONCURRENCY = 10

/** What main worked out before any API call: the inputs, the clients, the API calls to make. */
interface Plan {
  inputs: Inputs
  clientNames: ClientName[]
  /** AWS_REGION's region, for the targets that name none (account IDs, the default registry). */
  defaultRegion?: string
  groups: ApiGroup[]
  /** The proxy each API's calls go through (redacted), undefined when direct. */
  proxyOf(api: ApiTarget): string | undefined
  /** What every client is made with: the credential-store mode, and where main kept each token. */
  clientOptions: ClientOptions
  /** The client logins started before the tokens came (`<client> <host>`): they take the first slots. */
  startedEarly: Set<string>
}

/** What one run did, for the outputs, the log and the summary. */
interface Done {
  grants: Grant[]
  /** The clients that logged into each grant's registry (none in credential-helper mode). */
  method(grant: Grant): string
}

/** Main's story: inputs → tokens → logins → outputs and state. */
export async function login(deps: LoginDeps): Promise<void> {
  saveInitialState(deps.runner, deps.env)
  const plan = await planRun(deps)
  // With the user's own configs, the clients get ready while the API call is in flight; a job's
  // own configs exist only once there are tokens, so job mode makes its clients after.
  let clients = plan.inputs.configScope === 'shared' ? startClients(deps, plan) : undefined
  try {
    const { grants, failures } = await fetchTokens(deps, plan)
    let done: Done = { grants: [], method: () => '' }
    if (grants.length) {
      if (plan.inputs.configScope === 'job') await useJobConfigs(deps, plan)
      if (plan.inputs.credentialHelper) done = await setUpHelper(deps, plan, grants)
      else done = await logIntoClients(deps, plan, (clients ??= makeClients(deps, plan)), grants, failures)
    }
    await report(deps.runner, plan, done, failures)
    if (failures.length === 1) throw failures[0]
    if (failures.length > 1) throw new CombinedError(failures)
  } finally {
    await Promise.all((clients ?? []).map(client => client.dispose?.()))
  }
}

/**
 * Everything checked before any network call: the inputs, the clients on PATH, AWS_REGION and the
 * proxy variables (a bad one fails here, named); then the API connections are opened early.
 */
async function planRun(deps: LoginDeps): Promise<Plan> {
  const { runner, env } = deps
  // The list form of registries (registry-list.ts), checked whole before any call.
  const listed = runner.getInput(INPUTS.registries)
  const list = isRegistryList(listed) ? await readRegistryList(listed, env) : undefined
  if (list?.some(t => t.identity?.profile))
    await (await import('./ecr/identities.js')).checkProfiles(list, env)
  const inputs = readInputs(name => runner.getInput(name), list)
  for (const notice of inputs.notices) runner.warning(notice)
  // Credential-helper mode runs no client; otherwise they must be there before any API call.
  const clientNames = inputs.credentialHelper ? [] : pick(inputs.clients, envPath(env), deps.clients.locate)
  const proxy: ProxySettings = { input: inputs.httpProxy, env }
  // Only https API calls go through ProxyRouter (aws.ts); the SDK makes an http:// endpoint's
  // calls directly, so no proxy is named for them.
  const proxyOf = (api: ApiTarget): string | undefined => {
    const target = new URL(apiUrl(api, env))
    const url = target.protocol === 'https:' ? proxyFor(target, proxy) : undefined
    return url && redactUrl(url)
  }
  const defaultRegion = inputs.targets.some(t => !t.region) ? regionFromEnv(env) : undefined
  const groups = groupTargets(inputs.targets, defaultRegion)
  for (const group of groups) proxyOf(group.api)
  // The TCP and TLS round trips to each API endpoint run while the SDK and credentials load.
  let opened = false
  for (const { api } of groups) {
    const url = apiUrl(api, env)
    if (predictable(api, env) && !proxyFor(url, proxy) && deps.preconnect) {
      deps.preconnect(url)
      opened = true
    }
  }
  // One turn of the event loop before the SDK loads: a connection sends its TLS hello only when
  // node sees its TCP connect complete, and loading the SDK holds the thread for tens of ms in one
  // stretch. Without this turn the hello left after that stretch, and the round trips it was to
  // overlap came after it (`npm run bench`: 28 ms of main at 1 registry).
  if (opened) await new Promise(resolve => setImmediate(resolve))
  return {
    inputs,
    clientNames,
    defaultRegion,
    groups,
    proxyOf,
    clientOptions: clientOptions(runner, inputs),
    startedEarly: new Set()
  }
}

/**
 * The clients' options. With docker-config: job, credential-store auto means the file: the job's
 * config is private and removed by post, and a store would be shared by every job of the user.
 * Where each token was kept (a store, or the file with a credHelpers override) is saved as it
 * lands, so that post undoes exactly that.
 */
function clientOptions(runner: Runner, inputs: Inputs): ClientOptions {
  const credentialStore =
    inputs.configScope === 'job' && inputs.credentialStore === 'auto' ? 'file' : inputs.credentialStore
  const kept: Record<string, KeptLogin> = {}
  return {
    credentialStore,
    warn: message => runner.warning(message),
    onKept: (host, where) => {
      kept[host] = where
      if (!inputs.skipLogout) runner.saveState(STATES.credentialStores, JSON.stringify(kept))
    }
  }
}

function makeClients(deps: LoginDeps, plan: Plan): RegistryClient[] {
  return plan.clientNames.map(name => deps.clients.create(name, deps.env, plan.clientOptions))
}

/**
 * Makes the clients and gets their logins ready (config dirs, and the login processes of the
 * hosts the input names) while the API call is in flight. Where the host is known (or, for an
 * account ID, all but certain), the login itself starts now and gets its password later; one the
 * API does not confirm is ended unused.
 */
function startClients(deps: LoginDeps, plan: Plan): RegistryClient[] {
  const { inputs, defaultRegion } = plan
  const clients = makeClients(deps, plan)
  // At most LOGIN_CONCURRENCY of them, as for the logins after the API call: the first ones, which
  // are also the first the logins take.
  const ahead = inputs.targets.slice(0, LOGIN_CONCURRENCY)
  for (const client of clients) {
    client.prepare?.(ahead.length)
    for (const target of ahead) {
      const region = target.region ?? defaultRegion
      const host =
        target.alias ??
        target.host ??
        (target.account && region ? likelyHost(target.account, region) : undefined)
      if (host && client.startLogin) {
        client.startLogin(host, inputs.loginTimeoutSeconds * 1000)
        plan.startedEarly.add(`${client.name} ${host}`)
      }
    }
  }
  return clients
}

/** One API call per region (and batch of IDs), in a log group; the passwords masked at once. */
async function fetchTokens(deps: LoginDeps, plan: Plan): Promise<FetchResult> {
  const { runner, env } = deps
  const { inputs, groups, defaultRegion, proxyOf } = plan
  // One resolution (for a role: one STS call) per distinct identity, shared by its groups.
  const resolved = new Map<string, Promise<Credentials>>()
  const credentialsFor = (identity: Identity, options: ApiOptions): Promise<Credentials> => {
    const key = identityKey(identity)
    if (!resolved.has(key)) {
      const resolve =
        deps.credentialsFor ??
        (async (identity: Identity, api: ApiOptions) =>
          (await import('./ecr/identities.js')).resolveIdentity(identity, {
            env,
            setSecret: value => runner.setSecret(value),
            api,
            region: inputs.targets.find(t => t.region && identityKey(t.identity) === key)?.region
          }))
      resolved.set(key, resolve(identity, options))
    }
    return resolved.get(key)!
  }
  const ecrFor = async (api: ApiTarget, identity?: Identity): Promise<EcrApi> => {
    const via = proxyOf(api)
    if (via) {
      runner.info(`Using proxy ${via} for the ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} API`)
    }
    const options: ApiOptions = {
      proxy: { input: inputs.httpProxy, env },
      debug: message => runner.debug(message)
    }
    // A list item's identity: its credentials (one STS call per role, shared by its groups).
    if (identity) options.credentials = await credentialsFor(identity, options)
    return deps.ecrFor(api, options)
  }
  const regions = new Set(groups.map(g => g.api.region ?? ''))
  const fetched = await runner.group(
    `Fetching authorization tokens: ${count(regions.size, 'region')}, ${count(inputs.targets.length, 'registry')}`,
    async () => {
      const result = await fetchGrants(inputs.targets, ecrFor, {
        now: deps.now,
        proxyFor: proxyOf,
        defaultRegion
      })
      // Masked before anything else is printed: the lines below never hold a password, but
      // the masker must know it before any later step (or docker's output) could.
      if (inputs.maskPassword) maskPasswords(runner, result.grants)
      for (const grant of result.grants) {
        runner.info(`${grant.host} (${where(grant)}): token expires at ${grant.expiresAt.toISOString()}`)
      }
      for (const failure of result.failures) runner.info(failure.message)
      return result
    }
  )
  if (!inputs.maskPassword && fetched.grants.length) runner.warning(UNMASKED_WARNING)
  return fetched
}

/** `docker-config: job`: the job's own configs, saved for post before any login, then exported. */
async function useJobConfigs(deps: LoginDeps, plan: Plan): Promise<void> {
  const { runner, env } = deps
  const job = await createJobConfig(env, plan.clientNames)
  // Saved before any login, so post removes the configs even if main fails from here on.
  if (!plan.inputs.skipLogout) saveJobConfig(runner, job)
  useJobConfig(job, env, runner)
  setJobConfigOutputs(runner, job)
}

/** Credential-helper mode: no client login and no password in Docker's config; Docker asks the helper. */
async function setUpHelper(deps: LoginDeps, plan: Plan, grants: Grant[]): Promise<Done> {
  const { runner, env } = deps
  const state = await runner.group(
    `Setting up the credential helper for ${count(grants.length, 'registry')}`,
    () => installHelper(grants, { ...deps.helper, runner, env, now: deps.now })
  )
  if (!plan.inputs.skipLogout) runner.saveState(HELPER_STATE, JSON.stringify(state))
  return { grants, method: () => 'credential helper' }
}

/** Every client logs into every registry, in a log group; the registries none got into are left out. */
async function logIntoClients(
  deps: LoginDeps,
  plan: Plan,
  clients: RegistryClient[],
  grants: Grant[],
  failures: UserError[]
): Promise<Done> {
  // Logins started for hosts no token came for end now, so that they do not count against the cap.
  await Promise.all(clients.map(client => client.endStartedLogins?.(grants.map(g => g.host))))
  const byGrant = await deps.runner.group(`Logging into ${count(grants.length, 'registry')}`, () =>
    clientLogins(deps, plan.inputs, clients, grants, failures, plan.startedEarly)
  )
  return {
    grants: grants.filter(g => byGrant.has(g)),
    method: grant => (byGrant.get(grant) ?? []).join(', ')
  }
}

/** The outputs, the closing log line and the job summary. */
async function report(runner: Runner, plan: Plan, done: Done, failures: UserError[]): Promise<void> {
  setOutputs(runner, done.grants)
  if (done.grants.length) {
    const expiry = Math.min(...done.grants.map(g => g.expiresAt.getTime()))
    runner.info(
      `${plan.inputs.credentialHelper ? 'Set up the credential helper for' : 'Logged into'} ${count(done.grants.length, 'registry')}; the tokens expire at ${new Date(expiry).toISOString()}.`
    )
  }
  const proxies = [...new Set(plan.groups.map(g => plan.proxyOf(g.api)).filter((p): p is string => !!p))]
  await writeSummary(runner, { done, proxies, failures })
}

/**
 * Logs every client into every registry, LOGIN_CONCURRENCY at a time. Returns the logins that
 * worked, in input order, and for each registry the clients that logged into it.
 */
async function clientLogins(
  deps: LoginDeps,
  inputs: Inputs,
  clients: RegistryClient[],
  grants: Grant[],
  failures: UserError[],
  startedEarly: Set<string>
): Promise<Map<Grant, ClientName[]>> {
  const { runner } = deps
  // Each attempt bounded by login-timeout, transient failures retried (retry.ts).
  const policy: RetryPolicy = {
    retries: inputs.loginRetries,
    timeoutMs: inputs.loginTimeoutSeconds * 1000,
    log: message => runner.info(message),
    sleep: deps.sleep
  }
  const pairs = grants.flatMap(grant =>
    clients.map(client => ({ grant, client: boundedClient(client, policy) }))
  )
  // The logins already running (started early) take the first slots: none starts beside them
  // until one of them is done, so that never more than LOGIN_CONCURRENCY run at once.
  const early = (pair: (typeof pairs)[number]) => startedEarly.has(`${pair.client.name} ${pair.grant.host}`)
  const order = [...pairs.filter(early), ...pairs.filter(pair => !early(pair))]
  const worked = new Set<(typeof pairs)[number]>()
  const made = () => pairs.filter(p => worked.has(p))
  await mapConcurrent(order, LOGIN_CONCURRENCY, async pair => {
    const { grant, client } = pair
    const started = Date.now()
    try {
      await client.login(grant.host, grant.username, grant.password)
      worked.add(pair)
      // Saved as each login lands (the whole list, in input order; the last save wins), so that
      // post logs out of every registry that got in, even when another failed or the job was
      // cancelled before the rest finished.
      if (!inputs.skipLogout) {
        saveLoggedIn(
          runner,
          made().map(({ grant, client }) => ({ client: client.name, host: grant.host }))
        )
      }
      runner.info(
        `${grant.host} (${where(grant)}): logged in with ${client.name} in ${Date.now() - started} ms`
      )
    } catch (error) {
      const failure =
        error instanceof UserError
          ? error
          : new UserError(
              `Could not login to registry ${grant.host} with ${client.name}: ${redact(messageOf(error), [grant.password])}`
            )
      failures.push(failure)
      runner.info(`${grant.host} (${where(grant)}): ${client.name} failed`)
    }
  })
  const byGrant = new Map<Grant, ClientName[]>()
  for (const { grant, client } of made()) byGrant.set(grant, [...(byGrant.get(grant) ?? []), client.name])
  return byGrant
}

/** Where a grant's token came from, for the log: its region, or ECR Public; an alias's registry; the identity. */
function where(grant: Grant): string {
  return [grant.registry && `alias of ${grant.registry}`, regionOf(grant), grant.identity]
    .filter(Boolean)
    .join(', ')
}

function regionOf(grant: Grant): string {
  const host = (grant.registry ?? grant.host).toLowerCase()
  return host === PUBLIC_HOST || host === 'ecr-public.aws.com'
    ? 'ECR Public'
    : (grant.region ?? 'default region')
}

/**
 * The job summary: one row per registry (host, region, the clients or helper, expiry) and the proxy, redacted.
 * It never holds a password or token, whatever mask-password says. A runner that cannot write
 * it (no summary file, a full disk) costs the user a summary, not the job.
 */
async function writeSummary(
  runner: Runner,
  { done, proxies, failures }: { done: Done; proxies: string[]; failures: UserError[] }
): Promise<void> {
  if (!done.grants.length && !failures.length) return
  const lines: string[] = []
  if (proxies.length) lines.push(`AWS API calls went through ${proxies.join(', ')}.`)
  for (const failure of failures) lines.push(`Failed: ${failure.message}`)
  // The identity column only when a list item gave one: the plain form's table is unchanged.
  const identities = done.grants.some(g => g.identity)
  const row = (g: Grant) => [
    g.registry ? `${g.host} (alias of ${g.registry})` : g.host,
    regionOf(g),
    ...(identities ? [g.identity ?? 'default credentials'] : []),
    done.method(g),
    g.expiresAt.toISOString()
  ]
  try {
    await runner.summary({
      heading: 'ECR login',
      table: [
        ['Registry', 'Region', ...(identities ? ['Identity'] : []), 'Logged in with', 'Token expires (UTC)'],
        ...done.grants.map(row)
      ],
      lines
    })
  } catch (error) {
    runner.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}

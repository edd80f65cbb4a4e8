import { apiUrl, predictable } from './ecr/api-connection.js'
import type { ApiOptions, ApiTarget, EcrApi } from './ecr/aws.js'
import {
  pick,
  type ClientFactory,
  type ClientName,
  type ClientOptions,
  type RegistryClient
} from './clients/client.js'
import type { KeptLogin } from './config/credential-store.js'
import { CombinedError, messageOf, UserError } from './errors.js'
import { HELPER_STATE, installHelper, type HelperModeDeps } from './install-helper.js'
import { readInputs, type Inputs } from './inputs.js'
import { createJobConfig, useJobConfig } from './job-config.js'
import { mapConcurrent } from './limit.js'
import {
  count,
  maskPasswords,
  saveJobConfig,
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
import { fetchGrants, groupTargets, type Grant } from './ecr/tokens.js'

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
}

/**
 * At most this many client logins at once. Each is a short-lived process waiting on the
 * daemon's registry round trips, so waves of a smaller cap cost a full login each (the bench:
 * 10 registries took 3 waves at a cap of 4).
 */
export const LOGIN_CONCURRENCY = 10

/** Main's story: inputs → tokens → logins → outputs and state. */
export async function login(deps: LoginDeps): Promise<void> {
  const { runner, env } = deps
  const inputs = readInputs(name => runner.getInput(name))
  for (const notice of inputs.notices) runner.warning(notice)
  // Credential-helper mode runs no client; otherwise they must be there before any API call.
  const clientNames = inputs.credentialHelper ? [] : pick(inputs.clients, env.PATH ?? '', deps.clients.locate)

  const proxy: ProxySettings = { input: inputs.httpProxy, env }
  const proxies = new Set<string>()
  const proxyOf = (api: ApiTarget): string | undefined => {
    const url = proxyFor(apiUrl(api, env), proxy)
    return url && redactUrl(url)
  }
  const ecrFor = (api: ApiTarget): Promise<EcrApi> => {
    const via = proxyOf(api)
    if (via) {
      proxies.add(via)
      runner.info(`Using proxy ${via} for the ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} API`)
    }
    return deps.ecrFor(api, { proxy, debug: message => runner.debug(message) })
  }

  // A bad AWS_REGION or proxy variable fails here, named, before any API client is made.
  const defaultRegion = inputs.targets.some(t => !t.region) ? regionFromEnv(env) : undefined
  const groups = groupTargets(inputs.targets, defaultRegion)
  for (const group of groups) proxyOf(group.api)
  // The TCP and TLS round trips to each API endpoint run while the SDK and credentials load.
  for (const { api } of groups) {
    const url = apiUrl(api, env)
    if (predictable(api, env) && !proxyFor(url, proxy)) deps.preconnect?.(url)
  }
  // With the user's own configs, the clients get their logins ready (config dirs, and the login
  // processes of the hosts named in the input) while the API call is in flight. A job's own configs exist only once there are tokens, so job mode makes them after.
  // With docker-config: job, auto means the file: the job's config is private and removed by post,
  // and a store would be shared by every job of the user.
  const credentialStore =
    inputs.configScope === 'job' && inputs.credentialStore === 'auto' ? 'file' : inputs.credentialStore
  const kept: Record<string, KeptLogin> = {}
  const options: ClientOptions = {
    credentialStore,
    warn: message => runner.warning(message),
    onKept: (host, where) => {
      kept[host] = where
      if (!inputs.skipLogout) runner.saveState(STATES.credentialStores, JSON.stringify(kept))
    }
  }
  const makeClients = () => clientNames.map(name => deps.clients.create(name, env, options))
  let clients = !inputs.credentialHelper && inputs.configScope === 'shared' ? makeClients() : undefined
  // At most LOGIN_CONCURRENCY of them, as for the logins after the API call: the first ones, which
  // are also the first the logins take.
  const ahead = inputs.targets.slice(0, LOGIN_CONCURRENCY)
  const startedEarly = new Set<string>()
  for (const client of clients ?? []) {
    client.prepare?.(ahead.length)
    // Where the host is known (or, for an account ID, all but certain), the login itself starts now
    // and gets its password later; one the API does not confirm is ended unused.
    for (const target of ahead) {
      const region = target.region ?? defaultRegion
      const host = target.host ?? (target.account && region ? likelyHost(target.account, region) : undefined)
      if (host && client.startLogin) {
        client.startLogin(host, inputs.loginTimeoutSeconds * 1000)
        startedEarly.add(`${client.name} ${host}`)
      }
    }
  }
  try {
    return await tokensThenLogins()
  } finally {
    await Promise.all((clients ?? []).map(client => client.dispose?.()))
  }

  /** The rest of the story, from the API call on (a closure over the checks above). */
  async function tokensThenLogins(): Promise<void> {
    const regions = new Set(groups.map(g => g.api.region ?? ''))
    const { grants, failures } = await runner.group(
      `Fetching authorization tokens: ${count(regions.size, 'region')}, ${count(inputs.targets.length, 'registry')}`,
      async () => {
        const fetched = await fetchGrants(inputs.targets, ecrFor, {
          now: deps.now,
          proxyFor: proxyOf,
          defaultRegion
        })
        // Masked before anything else is printed: the lines below never hold a password, but
        // the masker must know it before any later step (or docker's output) could.
        if (inputs.maskPassword) maskPasswords(runner, fetched.grants)
        for (const grant of fetched.grants) {
          runner.info(`${grant.host} (${where(grant)}): token expires at ${grant.expiresAt.toISOString()}`)
        }
        for (const failure of fetched.failures) runner.info(failure.message)
        return fetched
      }
    )
    if (!inputs.maskPassword && grants.length) runner.warning(UNMASKED_WARNING)

    if (inputs.configScope === 'job' && grants.length) {
      const job = await createJobConfig(env, clientNames)
      // Saved before any login, so post removes the configs even if main fails from here on.
      if (!inputs.skipLogout) saveJobConfig(runner, job)
      useJobConfig(job, env, runner)
      setJobConfigOutputs(runner, job)
    }

    let done: Grant[] = []
    let loggedInWith = new Map<Grant, ClientName[]>()
    if (inputs.credentialHelper) {
      // No client login and no password in Docker's config: Docker asks the helper, which refreshes itself.
      done = grants
      if (grants.length) {
        const state = await runner.group(
          `Setting up the credential helper for ${count(grants.length, 'registry')}`,
          () => installHelper(grants, { ...deps.helper, runner, env, now: deps.now })
        )
        if (!inputs.skipLogout) runner.saveState(HELPER_STATE, JSON.stringify(state))
      }
    } else if (grants.length) {
      // Made after the job's configs, whose variables they read.
      const ready = (clients ??= makeClients())
      // Logins started for hosts no token came for end now, so that they do not count against the cap.
      await Promise.all(ready.map(client => client.endStartedLogins?.(grants.map(g => g.host))))
      const logins = await runner.group(`Logging into ${count(grants.length, 'registry')}`, () =>
        clientLogins(deps, inputs, ready, grants, failures, startedEarly)
      )
      loggedInWith = logins.byGrant
      done = grants.filter(g => loggedInWith.has(g))
    }
    setOutputs(runner, done)
    if (done.length) {
      const expiry = Math.min(...done.map(g => g.expiresAt.getTime()))
      runner.info(
        `${inputs.credentialHelper ? 'Set up the credential helper for' : 'Logged into'} ${count(done.length, 'registry')}; the tokens expire at ${new Date(expiry).toISOString()}.`
      )
    }
    await writeSummary(runner, {
      done,
      method: grant =>
        inputs.credentialHelper ? 'credential helper' : (loggedInWith.get(grant) ?? []).join(', '),
      proxies: [...proxies],
      failures
    })

    if (failures.length === 1) throw failures[0]
    if (failures.length > 1) throw new CombinedError(failures)
  }
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
): Promise<{ byGrant: Map<Grant, ClientName[]> }> {
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
  return { byGrant }
}

/** Where a grant's token came from, for the log: its region, or ECR Public. */
function where(grant: Grant): string {
  if (grant.host.toLowerCase() === PUBLIC_HOST || grant.host.toLowerCase() === 'ecr-public.aws.com')
    return 'ECR Public'
  return grant.region ?? 'default region'
}

/**
 * The job summary: one row per registry (host, region, the clients or helper, expiry) and the proxy, redacted.
 * It never holds a password or token, whatever mask-password says. A runner that cannot write
 * it (no summary file, a full disk) costs the user a summary, not the job.
 */
async function writeSummary(
  runner: Runner,
  {
    done,
    method,
    proxies,
    failures
  }: { done: Grant[]; method: (grant: Grant) => string; proxies: string[]; failures: UserError[] }
): Promise<void> {
  if (!done.length && !failures.length) return
  const lines: string[] = []
  if (proxies.length) lines.push(`AWS API calls went through ${proxies.join(', ')}.`)
  for (const failure of failures) lines.push(`Failed: ${failure.message}`)
  try {
    await runner.summary({
      heading: 'ECR login',
      table: [
        ['Registry', 'Region', 'Logged in with', 'Token expires (UTC)'],
        ...done.map(g => [g.host, where(g), method(g), g.expiresAt.toISOString()])
      ],
      lines
    })
  } catch (error) {
    runner.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}

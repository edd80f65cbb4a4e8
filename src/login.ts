import type { ApiOptions, ApiTarget, EcrApi } from './aws.js'
import type { Docker } from './docker.js'
import { CombinedError, messageOf, UserError } from './errors.js'
import { HELPER_STATE, installHelper, type HelperModeDeps } from './helper-mode.js'
import { readInputs, type Inputs } from './inputs.js'
import { mapConcurrent } from './limit.js'
import { count, maskPasswords, saveLoggedIn, setOutputs, UNMASKED_WARNING } from './outputs.js'
import { proxyFor, type ProxySettings } from './proxy.js'
import { redact, redactUrl } from './redact.js'
import type { Runner } from './runner.js'
import { PUBLIC_HOST } from './registry.js'
import { boundedClient, type RetryPolicy } from './retry.js'
import { fetchGrants, type Grant } from './tokens.js'

/** Everything main needs from the outside world; tests pass fakes. */
export interface LoginDeps {
  runner: Runner
  docker: Docker
  ecrFor(api: ApiTarget, options: ApiOptions): Promise<EcrApi>
  now(): Date
  env: NodeJS.ProcessEnv
  /** What credential-helper mode needs beyond the above. */
  helper: Pick<HelperModeDeps, 'accessKeyId' | 'primeCache' | 'helperScript'>
  /** The pause between login attempts; real timers unless a test makes them instant. */
  sleep?: RetryPolicy['sleep']
}

/**
 * At most this many `docker login`s at once. Each is a short-lived process waiting on the
 * daemon's registry round trips, so waves of a smaller cap cost a full login each (the bench:
 * 10 registries took 3 waves at a cap of 4).
 */
export const LOGIN_CONCURRENCY = 10

/** The API host a target's calls go to when no endpoint is configured; for proxy messages only. */
function apiUrl(api: ApiTarget, env: NodeJS.ProcessEnv): string {
  const configured =
    env.AWS_ENDPOINT_URL_ECR_PUBLIC && api.service === 'ecr-public'
      ? env.AWS_ENDPOINT_URL_ECR_PUBLIC
      : api.service === 'ecr' && env.AWS_ENDPOINT_URL_ECR
        ? env.AWS_ENDPOINT_URL_ECR
        : env.AWS_ENDPOINT_URL
  if (configured) return configured
  const region = api.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  return api.service === 'ecr-public'
    ? `https://api.ecr-public.${region}.amazonaws.com`
    : `https://api.ecr.${region}.amazonaws.com`
}

/** Main's story: inputs → tokens → logins → outputs and state. */
export async function login(deps: LoginDeps): Promise<void> {
  const { runner, env } = deps
  const inputs = readInputs(name => runner.getInput(name))
  for (const notice of inputs.notices) runner.warning(notice)

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

  const defaultRegion = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined
  const regions = new Set(inputs.targets.map(t => t.region ?? defaultRegion ?? ''))
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

  let done: Grant[] = []
  if (inputs.credentialHelper) {
    // No docker login and so no password on disk: Docker asks the helper, which refreshes itself.
    done = grants
    if (grants.length) {
      const state = await runner.group(
        `Setting up the credential helper for ${count(grants.length, 'registry')}`,
        () => installHelper(grants, { ...deps.helper, runner, env, now: deps.now })
      )
      if (!inputs.skipLogout) runner.saveState(HELPER_STATE, JSON.stringify(state))
    }
  } else if (grants.length) {
    done = await runner.group(`Logging into ${count(grants.length, 'registry')}`, () =>
      dockerLogins(deps, inputs, grants, failures)
    )
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
    method: inputs.credentialHelper ? 'credential helper' : 'docker login',
    proxies: [...proxies],
    failures
  })

  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) throw new CombinedError(failures)
}

/**
 * Logs into every registry, LOGIN_CONCURRENCY at a time, each attempt bounded by login-timeout and
 * transient failures retried; returns the ones that worked, in input order.
 */
async function dockerLogins(
  deps: LoginDeps,
  inputs: Inputs,
  grants: Grant[],
  failures: UserError[]
): Promise<Grant[]> {
  const docker = boundedClient(deps.docker, {
    retries: inputs.loginRetries,
    timeoutMs: inputs.loginTimeoutSeconds * 1000,
    log: message => deps.runner.info(message),
    sleep: deps.sleep
  })
  const loggedIn = new Set<Grant>()
  await mapConcurrent(grants, LOGIN_CONCURRENCY, async grant => {
    const started = Date.now()
    try {
      await docker.login(grant.host, grant.username, grant.password)
      loggedIn.add(grant)
      // Saved as each login lands (the whole list, in input order; the last save wins), so that
      // post logs out of every registry that got in, even when another failed or the job was
      // cancelled before the rest finished.
      if (!inputs.skipLogout)
        saveLoggedIn(
          deps.runner,
          grants.filter(g => loggedIn.has(g)).map(g => g.host)
        )
      deps.runner.info(`${grant.host} (${where(grant)}): logged in with docker in ${Date.now() - started} ms`)
    } catch (error) {
      const failure =
        error instanceof UserError
          ? error
          : new UserError(
              `Could not login to registry ${grant.host}: ${redact(messageOf(error), [grant.password])}`
            )
      failures.push(failure)
      deps.runner.info(`${grant.host} (${where(grant)}): failed`)
    }
  })
  return grants.filter(g => loggedIn.has(g))
}

/** Where a grant's token came from, for the log: its region, or ECR Public. */
function where(grant: Grant): string {
  if (grant.host.toLowerCase() === PUBLIC_HOST || grant.host.toLowerCase() === 'ecr-public.aws.com')
    return 'ECR Public'
  return grant.region ?? 'default region'
}

/**
 * The job summary: one row per registry (host, region, how, expiry) and the proxy, redacted.
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
  }: { done: Grant[]; method: string; proxies: string[]; failures: UserError[] }
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
        ...done.map(g => [g.host, where(g), method, g.expiresAt.toISOString()])
      ],
      lines
    })
  } catch (error) {
    runner.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}

import type { ApiOptions, ApiTarget, EcrApi } from './aws.js'
import type { Docker } from './docker.js'
import { CombinedError, messageOf, UserError } from './errors.js'
import { HELPER_STATE, installHelper, type HelperModeDeps } from './helper-mode.js'
import { readInputs } from './inputs.js'
import { mapConcurrent } from './limit.js'
import { maskPasswords, saveLoggedIn, setOutputs, UNMASKED_WARNING } from './outputs.js'
import { proxyFor, type ProxySettings } from './proxy.js'
import { redact, redactUrl } from './redact.js'
import type { Runner } from './runner.js'
import { regionFromEnv } from './registry.js'
import { fetchGrants, groupTargets, type Grant } from './tokens.js'

/** Everything main needs from the outside world; tests pass fakes. */
export interface LoginDeps {
  runner: Runner
  docker: Docker
  ecrFor(api: ApiTarget, options: ApiOptions): Promise<EcrApi>
  now(): Date
  env: NodeJS.ProcessEnv
  /** What credential-helper mode needs beyond the above. */
  helper: Pick<HelperModeDeps, 'accessKeyId' | 'primeCache' | 'helperScript'>
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
  const proxyOf = (api: ApiTarget): string | undefined => {
    const url = proxyFor(apiUrl(api, env), proxy)
    return url && redactUrl(url)
  }
  const ecrFor = (api: ApiTarget): Promise<EcrApi> => {
    const via = proxyOf(api)
    if (via) runner.info(`Using proxy ${via} for the ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} API`)
    return deps.ecrFor(api, { proxy, debug: message => runner.debug(message) })
  }

  // A bad AWS_REGION or proxy variable fails here, named, before any API client is made.
  const defaultRegion = inputs.targets.some(t => !t.region) ? regionFromEnv(env) : undefined
  for (const group of groupTargets(inputs.targets, defaultRegion)) proxyOf(group.api)

  const { grants, failures } = await fetchGrants(inputs.targets, ecrFor, {
    now: deps.now,
    proxyFor: proxyOf,
    defaultRegion
  })
  if (inputs.maskPassword) maskPasswords(runner, grants)
  else if (grants.length) runner.warning(UNMASKED_WARNING)

  let done: Grant[]
  if (inputs.credentialHelper) {
    // No docker login and so no password on disk: Docker asks the helper, which refreshes itself.
    done = grants
    if (grants.length) {
      const state = await installHelper(grants, { ...deps.helper, runner, env, now: deps.now })
      if (!inputs.skipLogout) runner.saveState(HELPER_STATE, JSON.stringify(state))
    }
  } else {
    done = await dockerLogins(deps, grants, failures)
    // Saved even when another registry failed, so post logs out exactly the ones that worked.
    if (!inputs.skipLogout && done.length) {
      saveLoggedIn(
        runner,
        done.map(g => g.host)
      )
    }
  }
  setOutputs(runner, done)
  if (done.length) {
    const expiry = Math.min(...done.map(g => g.expiresAt.getTime()))
    runner.info(
      `${inputs.credentialHelper ? 'Set up the credential helper for' : 'Logged into'} ${done.length} ${done.length === 1 ? 'registry' : 'registries'}; the tokens expire at ${new Date(expiry).toISOString()}.`
    )
  }

  if (failures.length === 1) throw failures[0]
  if (failures.length > 1) throw new CombinedError(failures)
}

/** Logs into every registry, LOGIN_CONCURRENCY at a time; returns the ones that worked, in input order. */
async function dockerLogins(deps: LoginDeps, grants: Grant[], failures: UserError[]): Promise<Grant[]> {
  const loggedIn = new Set<Grant>()
  await mapConcurrent(grants, LOGIN_CONCURRENCY, async grant => {
    deps.runner.info(`Logging into registry ${grant.host}`)
    try {
      await deps.docker.login(grant.host, grant.username, grant.password)
      loggedIn.add(grant)
    } catch (error) {
      failures.push(
        error instanceof UserError
          ? error
          : new UserError(
              `Could not login to registry ${grant.host}: ${redact(messageOf(error), [grant.password])}`
            )
      )
    }
  })
  return grants.filter(g => loggedIn.has(g))
}

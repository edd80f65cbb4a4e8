import { UserError } from './errors.js'
import { ACCEPTED_FORMS, PUBLIC_HOST, parseHost, type RegistryTarget } from './registry.js'

/** Input names, as declared in action.yml. */
export const INPUTS = {
  registries: 'registries',
  registryType: 'registry-type',
  maskPassword: 'mask-password',
  httpProxy: 'http-proxy',
  skipLogout: 'skip-logout',
  credentialHelper: 'credential-helper',
  loginRetries: 'login-retries',
  loginTimeout: 'login-timeout'
} as const

/** login-retries: the most extra attempts allowed, so that a flaky registry cannot hold a job for long. */
export const MAX_LOGIN_RETRIES = 10
/** login-timeout: the longest a single login attempt (or logout) may take, in seconds. */
export const MAX_LOGIN_TIMEOUT_S = 3600

/** Everything the action was asked to do, validated; reading it makes no network call. */
export interface Inputs {
  /** The registries to log into, in input order, without duplicates. */
  targets: RegistryTarget[]
  registryType: 'private' | 'public'
  maskPassword: boolean
  httpProxy?: string
  skipLogout: boolean
  credentialHelper: boolean
  /** Extra login attempts after a first that failed for a transient reason. */
  loginRetries: number
  /** How long one login attempt (or one logout) may run before it is ended, in seconds. */
  loginTimeoutSeconds: number
  /** Notes for the log about inputs that were accepted but ignored. */
  notices: string[]
}

/** Reads and validates every input; throws UserError naming the input, the value and what is valid. */
export function readInputs(get: (name: string) => string): Inputs {
  const notices: string[] = []
  const registryType = readRegistryType(get(INPUTS.registryType))
  const rawRegistries = get(INPUTS.registries)
  let targets: RegistryTarget[]
  if (registryType === 'public') {
    if (rawRegistries.trim()) {
      notices.push(`'${INPUTS.registries}' is ignored when '${INPUTS.registryType}' is public.`)
    }
    targets = [parseHost(PUBLIC_HOST)!]
  } else {
    targets = readRegistries(rawRegistries)
  }
  return {
    targets,
    registryType,
    maskPassword: readBoolean(INPUTS.maskPassword, get(INPUTS.maskPassword), true),
    httpProxy: readProxy(get(INPUTS.httpProxy)),
    skipLogout: readBoolean(INPUTS.skipLogout, get(INPUTS.skipLogout), false),
    credentialHelper: readBoolean(INPUTS.credentialHelper, get(INPUTS.credentialHelper), false),
    loginRetries: readWholeNumber(INPUTS.loginRetries, get(INPUTS.loginRetries), 3, 0, MAX_LOGIN_RETRIES),
    loginTimeoutSeconds: readLoginTimeout(get(INPUTS.loginTimeout)),
    notices
  }
}

function readRegistryType(raw: string): 'private' | 'public' {
  const value = raw.trim().toLowerCase()
  if (value === '' || value === 'private') return 'private'
  if (value === 'public') return 'public'
  // The reference action's exact wording, which existing workflows may grep for.
  throw new UserError(`Invalid input for '${INPUTS.registryType}', possible options are [private, public]`)
}

/**
 * A boolean input: empty means the default, `true`/`false` in any case. Anything else is an
 * error rather than a silent default, so `mask-password: flase` cannot unmask a password.
 */
export function readBoolean(name: string, raw: string, fallback: boolean): boolean {
  const value = raw.trim().toLowerCase()
  if (value === '') return fallback
  if (value === 'true') return true
  if (value === 'false') return false
  throw new UserError(`Invalid input for '${name}': '${raw.trim()}' is not a boolean; use true or false.`)
}

/** login-timeout in seconds (default 30); post reads it too, to bound its logouts the same way. */
export function readLoginTimeout(raw: string): number {
  return readWholeNumber(INPUTS.loginTimeout, raw, 30, 1, MAX_LOGIN_TIMEOUT_S)
}

/**
 * A whole number from `min` to `max`; empty means the default. Anything else (`1.5`, `-1`, `3s`,
 * `1e3`) is an error rather than a rounded or default value.
 */
function readWholeNumber(name: string, raw: string, fallback: number, min: number, max: number): number {
  const value = raw.trim()
  if (value === '') return fallback
  const n = /^\d+$/.test(value) ? Number(value) : NaN
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n
  throw new UserError(
    `Invalid input for '${name}': '${value}' is not a whole number from ${min} to ${max}.`,
    name === INPUTS.loginTimeout
      ? `Give the seconds one login attempt may take, e.g. '${fallback}'.`
      : `Give how many times a login that failed for a temporary reason is tried again, e.g. '${fallback}' (0: never).`
  )
}

function readProxy(raw: string): string | undefined {
  const value = raw.trim()
  if (!value) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) {
    // Never echo a value that may carry a password: show only its shape.
    throw new UserError(
      `Invalid input for '${INPUTS.httpProxy}': '${value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/@]*@/i, '$1***@')}' is not an http(s) URL.`,
      'Use a URL such as http://proxy.example.com:3128 (user info allowed: http://user:pass@host:3128).'
    )
  }
  return value
}

/**
 * Splits `registries` on commas and white space, drops empties and duplicates, and parses each
 * entry as an account ID or an ECR registry host.
 */
export function readRegistries(raw: string): RegistryTarget[] {
  const entries = raw.split(/[\s,]+/).filter(Boolean)
  const targets: RegistryTarget[] = []
  const seen = new Set<string>()
  for (const entry of entries) {
    const target = readRegistry(entry)
    const key = target.host?.toLowerCase() ?? `account:${target.account}`
    if (seen.has(key)) continue
    seen.add(key)
    targets.push(target)
  }
  // Empty input: the caller's default private registry in the SDK's region.
  return targets.length ? targets : [{ service: 'ecr', fips: false, dualStack: false }]
}

function readRegistry(entry: string): RegistryTarget {
  const bad = (why: string, hint?: string): UserError =>
    new UserError(`Invalid input for '${INPUTS.registries}': '${entry}' ${why}`, hint)

  if (/^\d+$/.test(entry)) {
    if (entry.length === 12) return { service: 'ecr', account: entry, fips: false, dualStack: false }
    throw bad(
      `is not a 12-digit AWS account ID (it has ${entry.length} digits).`,
      entry.length === 11
        ? `An ID that starts with 0 loses it when YAML reads it as a number: quote it, e.g. '0${entry}'.`
        : 'Account IDs have exactly 12 digits; IDs that start with 0 must be quoted in YAML.'
    )
  }
  if (/^http:\/\//i.test(entry)) {
    throw bad(
      'uses http://; ECR registries are served over https only.',
      'Write the host alone or with https://.'
    )
  }
  const bare = entry.replace(/^https:\/\//i, '').replace(/\/+$/, '')
  if (/[/?#@]/.test(bare)) {
    const host = bare.split(/[/?#]/, 1)[0].replace(/^.*@/, '')
    throw bad('is not a registry host.', `Give the registry host without a repository path, e.g. '${host}'.`)
  }
  if (/:\d*$/.test(bare)) {
    throw bad('has a port; ECR registries are on the default https port.', 'Remove the port.')
  }
  const target = parseHost(bare)
  if (target) return target
  throw bad(
    'is neither a 12-digit AWS account ID nor an ECR registry host.',
    `Accepted forms: ${ACCEPTED_FORMS.join('; ')}.`
  )
}

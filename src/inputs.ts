import { CLIENT_NAMES, type ClientChoice, type ClientName } from './clients/client.js'
import { CREDENTIAL_STORE_MODES, type CredentialStoreMode } from './config/credential-store.js'
import { UserError } from './errors.js'
import { checkProxyUrl } from './ecr/proxy.js'
import { ACCEPTED_FORMS, isRegionCode, PUBLIC_HOST, parseHost, type RegistryTarget } from './ecr/registry.js'
import { cut } from './text.js'

/** Input names, as declared in action.yml. */
export const INPUTS = {
  registries: 'registries',
  registryType: 'registry-type',
  maskPassword: 'mask-password',
  httpProxy: 'http-proxy',
  skipLogout: 'skip-logout',
  credentialHelper: 'credential-helper',
  containerCli: 'container-cli',
  dockerConfig: 'docker-config',
  loginRetries: 'login-retries',
  loginTimeout: 'login-timeout',
  credentialStore: 'credential-store'
} as const

/**
 * registries: the most entries one step takes. Each is a login (and a logout in post), so a list
 * this long is a mistake or belongs in several steps; a longer one is refused before any call.
 */
export const MAX_REGISTRIES = 100

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
  /** Which clients log in; `auto` is resolved against PATH (clients/client.ts pick). */
  clients: ClientChoice
  /** Where logins are kept: the user's own configs, or ones made for this job only. */
  configScope: 'shared' | 'job'
  /** Extra login attempts after a first that failed for a transient reason. */
  loginRetries: number
  /** How long one login attempt (or one logout) may run before it is ended, in seconds. */
  loginTimeoutSeconds: number
  /** Where docker's tokens go: the store docker would use (auto: else the file), the store only, or the file. */
  credentialStore: CredentialStoreMode
  /** Notes for the log about inputs that were accepted but ignored. */
  notices: string[]
}

/** Reads and validates every input; throws UserError naming the input, the value and what is valid. */
export function readInputs(get: (name: string) => string, list?: RegistryTarget[]): Inputs {
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
    // The list form, parsed beforehand (registry-list.ts: its YAML parser loads only for a list).
    targets = list ?? readRegistries(rawRegistries)
  }
  const credentialHelper = readBoolean(INPUTS.credentialHelper, get(INPUTS.credentialHelper), false)
  const clients = readContainerCli(get(INPUTS.containerCli))
  const credentialStore = readCredentialStore(get(INPUTS.credentialStore))
  if (credentialHelper && credentialStore !== 'auto') {
    notices.push(
      `'${INPUTS.credentialStore}' is ignored when '${INPUTS.credentialHelper}' is true: no token is stored.`
    )
  }
  if (credentialHelper && clients !== 'auto') {
    notices.push(
      `'${INPUTS.containerCli}' is ignored when '${INPUTS.credentialHelper}' is true: no client logs in.`
    )
  }
  return {
    targets,
    registryType,
    maskPassword: readBoolean(INPUTS.maskPassword, get(INPUTS.maskPassword), true),
    httpProxy: readProxy(get(INPUTS.httpProxy)),
    skipLogout: readBoolean(INPUTS.skipLogout, get(INPUTS.skipLogout), false),
    credentialHelper,
    clients,
    configScope: readConfigScope(get(INPUTS.dockerConfig)),
    loginRetries: readWholeNumber(INPUTS.loginRetries, get(INPUTS.loginRetries), 3, 0, MAX_LOGIN_RETRIES),
    loginTimeoutSeconds: readLoginTimeout(get(INPUTS.loginTimeout)),
    credentialStore,
    notices
  }
}

/** `auto`, or a list of client names separated by commas or white space, in any case. */
function readContainerCli(raw: string): ClientChoice {
  const entries = raw
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(entry => entry.toLowerCase())
  if (!entries.length || (entries.length === 1 && entries[0] === 'auto')) return 'auto'
  const valid = `use auto, or one or more of ${CLIENT_NAMES.join(', ')} separated by commas.`
  const names: ClientName[] = []
  for (const entry of entries) {
    if (!(CLIENT_NAMES as readonly string[]).includes(entry)) {
      throw new UserError(
        `Invalid input for '${INPUTS.containerCli}': '${cut(raw.trim())}' ${entry === 'auto' ? 'mixes auto with client names' : `names '${cut(entry)}', which is not a client`}; ${valid}`
      )
    }
    if (!names.includes(entry as ClientName)) names.push(entry as ClientName)
  }
  return names
}

function readCredentialStore(raw: string): CredentialStoreMode {
  const value = raw.trim().toLowerCase()
  if (value === '') return 'auto'
  if ((CREDENTIAL_STORE_MODES as readonly string[]).includes(value)) return value as CredentialStoreMode
  throw new UserError(
    `Invalid input for '${INPUTS.credentialStore}': '${raw.trim()}' is not valid; use auto (the store docker would use, else the config file), store (that store only) or file (the config file).`
  )
}

function readConfigScope(raw: string): 'shared' | 'job' {
  const value = raw.trim().toLowerCase()
  if (value === '' || value === 'shared') return 'shared'
  if (value === 'job') return 'job'
  throw new UserError(
    `Invalid input for '${INPUTS.dockerConfig}': '${cut(raw.trim())}' is not valid; use shared (the user's config) or job (a config for this job only).`
  )
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
  throw new UserError(
    `Invalid input for '${name}': '${cut(raw.trim())}' is not a boolean; use true or false.`
  )
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
    `Invalid input for '${name}': '${cut(value)}' is not a whole number from ${min} to ${max}.`,
    name === INPUTS.loginTimeout
      ? `Give the seconds one login attempt may take, e.g. '${fallback}'.`
      : `Give how many times a login that failed for a temporary reason is tried again, e.g. '${fallback}' (0: never).`
  )
}

function readProxy(raw: string): string | undefined {
  const value = raw.trim()
  if (!value) return undefined
  return checkProxyUrl(value, `Invalid input for '${INPUTS.httpProxy}'`)
}

/**
 * Splits `registries` on commas and white space, drops empties and duplicates, and parses each
 * entry as an account ID or an ECR registry host.
 */
export function readRegistries(raw: string): RegistryTarget[] {
  const entries = raw.split(/[\s,]+/).filter(Boolean)
  if (entries.length > MAX_REGISTRIES) {
    throw new UserError(
      `Invalid input for '${INPUTS.registries}': it names ${entries.length} registries; at most ${MAX_REGISTRIES} are allowed in one step.`,
      'Split the registries over several steps of this action.'
    )
  }
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

/** Parses one entry: a 12-digit account ID or an ECR registry host (the list form's items too). */
export function readRegistry(entry: string): RegistryTarget {
  const bad = (why: string, hint?: string): UserError =>
    new UserError(`Invalid input for '${INPUTS.registries}': '${cut(entry)}' ${why}`, hint)

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
    throw bad(
      'is not a registry host.',
      `Give the registry host without a repository path, e.g. '${cut(host)}'.`
    )
  }
  if (/:\d*$/.test(bare)) {
    throw bad('has a port; ECR registries are on the default https port.', 'Remove the port.')
  }
  const target = parseHost(bare)
  // The host grammar is the Go helper's, which lets a region hold `_`: no AWS region does, and
  // the SDK would refuse it only after the API call had started.
  if (target?.region && !isRegionCode(target.region)) {
    throw bad(
      `names the region '${cut(target.region)}', which is not an AWS region code.`,
      'Region codes are lower-case letters, digits and hyphens, e.g. us-east-1 in 123456789012.dkr.ecr.us-east-1.amazonaws.com.'
    )
  }
  if (target) return target
  throw bad(
    'is neither a 12-digit AWS account ID nor an ECR registry host.',
    `Accepted forms: ${ACCEPTED_FORMS.join('; ')}.`
  )
}

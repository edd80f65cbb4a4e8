import { UserError } from '../errors.js'
import { cut } from '../text.js'
import type { Identity } from './identity.js'

/** Which ECR API a registry belongs to. */
export type Service = 'ecr' | 'ecr-public'

/** One registry the user asked for, parsed; `host` is kept exactly as the user spelled it. */
export interface RegistryTarget {
  service: Service
  /** 12-digit account ID; absent for ECR Public and for "the caller's default registry". */
  account?: string
  /** API region; absent means "whatever region the AWS SDK chain resolves". */
  region?: string
  fips: boolean
  dualStack: boolean
  /** Registry host without scheme; absent until the API names it (account IDs, default registry). */
  host?: string
  /** Whose credentials its API call uses (a `registries` list item); absent: the step's default. */
  identity?: Identity
  /** The host clients log into instead of the ECR host (a `registries` list item's `alias`). */
  alias?: string
}

/** An AWS region code as the SDK, SigV4 and host names take it: `us-east-1`, `eusc-de-east-1`. */
const REGION = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/

/** Whether `value` is spelled as a region code (lower-case letters, digits, inner hyphens). */
export function isRegionCode(value: string): boolean {
  return REGION.test(value)
}

/**
 * The region account IDs and the default registry use: AWS_REGION, else AWS_DEFAULT_REGION;
 * undefined when neither is set (the SDK then reads the profile). A value that is set but empty or
 * not a region code is a UserError naming the variable, before it can become a URL ('Invalid URL',
 * 'Region not accepted').
 */
export function regionFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const value = env[name]
    if (value === undefined || (value === '' && name === 'AWS_REGION' && env.AWS_DEFAULT_REGION)) continue
    if (REGION.test(value)) return value
    const fix = `Set ${name} to a region code such as us-east-1: lower-case letters, digits and hyphens, no spaces or quotes (aws-actions/configure-aws-credentials sets it from its aws-region input), or name each registry by its host, which carries its region.`
    if (!value.trim()) {
      throw new UserError(
        `The environment variable ${name} is set but empty, so there is no AWS region for the registries given as account IDs.`,
        `${fix} An empty value usually comes from an expression that is not defined, e.g. \${{ vars.${name} }}.`
      )
    }
    throw new UserError(
      `The environment variable ${name} is '${cut(value)}', which is not an AWS region code.`,
      fix
    )
  }
  return undefined
}

/** ECR Public lives in us-east-1 only, whatever AWS_REGION says. */
export const PUBLIC_REGION = 'us-east-1'
export const PUBLIC_HOST = 'public.ecr.aws'
const PUBLIC_HOSTS = new Set([PUBLIC_HOST, 'ecr-public.aws.com'])

// The private-registry grammar of docker-credential-ecr-login (behaviour.md §B): account, the
// `dkr.ecr` / `dkr-ecr` (dual-stack) separator, optional -fips, region, and the partition suffix.
// Matched case-insensitively: DNS is, and a user who typed capitals still means that registry.
const PRIVATE_HOST =
  /^(\d{12})\.dkr([.-])ecr(-fips)?\.([a-zA-Z0-9][a-zA-Z0-9-_]*)\.(amazonaws\.(?:com(?:\.cn)?|eu)|on\.(?:aws|amazonwebservices\.com\.cn)|sc2s\.sgov\.gov|c2s\.ic\.gov|cloud\.adc-e\.uk|csp\.hci\.ic\.gov)$/i

/** A human-readable list of the accepted forms, for error messages and docs. */
export const ACCEPTED_FORMS = [
  '123456789012 (an account ID: the credentials’ region)',
  '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
  '123456789012.dkr.ecr-fips.us-east-1.amazonaws.com (FIPS)',
  '123456789012.dkr-ecr.eu-west-1.on.aws (dual-stack)',
  '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn (China)',
  'public.ecr.aws (ECR Public)'
]

/** Parses a bare registry host (no scheme, port or path); undefined when it is not an ECR registry. */
export function parseHost(host: string): RegistryTarget | undefined {
  if (PUBLIC_HOSTS.has(host.toLowerCase())) {
    return { service: 'ecr-public', region: PUBLIC_REGION, fips: false, dualStack: false, host }
  }
  const m = PRIVATE_HOST.exec(host)
  if (!m) return undefined
  return {
    service: 'ecr',
    account: m[1],
    // Regions are lower-case in the API and in SigV4 scopes; the host keeps the user's spelling.
    region: m[4].toLowerCase(),
    fips: m[3] !== undefined,
    dualStack: m[2] === '-',
    host
  }
}

/**
 * The host the API will most likely name for `account` in `region`: the standard spelling, for the
 * commercial regions only (China, GovCloud, FIPS and the isolated partitions spell it otherwise).
 * A guess, used only to start work early; the API's answer decides.
 */
export function likelyHost(account: string, region: string): string | undefined {
  return isCommercialRegion(region) ? `${account}.dkr.ecr.${region}.amazonaws.com` : undefined
}

/** A region of the commercial partition (amazonaws.com host names): not China, GovCloud or isolated. */
export function isCommercialRegion(region: string): boolean {
  return /^(us|eu|ap|ca|sa|me|af|il|mx)-[a-z]+-\d+$/.test(region) && !region.startsWith('us-gov')
}

/**
 * Extracts the host from a server URL the way docker-credential-ecr-login does: strip one
 * `https://`, then drop user info, port and path. Case is kept.
 */
export function hostOf(serverUrl: string): string {
  let rest = serverUrl.startsWith('https://') ? serverUrl.slice('https://'.length) : serverUrl
  rest = rest.split(/[/?#]/, 1)[0]
  const at = rest.lastIndexOf('@')
  if (at >= 0) rest = rest.slice(at + 1)
  if (rest.startsWith('[')) return rest.slice(0, rest.indexOf(']') + 1)
  const colon = rest.indexOf(':')
  return colon >= 0 ? rest.slice(0, colon) : rest
}

/** The registry host for a proxyEndpoint returned by GetAuthorizationToken (scheme dropped). */
export function hostFromEndpoint(proxyEndpoint: string): string {
  return proxyEndpoint.replace(/^[a-z]+:\/\//i, '').replace(/\/+$/, '')
}

/**
 * The suffix of the per-registry output names: every run of characters outside [a-zA-Z0-9_]
 * becomes one `_`, exactly as amazon-ecr-login names `docker_password_<suffix>`.
 */
export function outputSuffix(host: string): string {
  return host.replace(/[^a-zA-Z0-9_]+/g, '_')
}

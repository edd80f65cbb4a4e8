import type { ApiTarget, AuthData, EcrApi } from './aws.js'
import { apiError, UserError } from '../errors.js'
import { describeIdentity, identityKey, type Identity } from './identity.js'
import { hostFromEndpoint, parseHost, type RegistryTarget } from './registry.js'
import { quoted } from '../text.js'

/** Docker credentials for one registry host. */
export interface Grant {
  host: string
  username: string
  password: string
  expiresAt: Date
  /** The API region the token came from (ECR Public: us-east-1), for the log and the job summary. */
  region?: string
  /** The list item's identity, as the log and the summary name it (identities.ts). */
  identity?: string
  /** The ECR host behind `host` when `host` is a list item's alias. */
  registry?: string
  /** The list item, when it has an identity or alias (credential-helper mode maps them for the helper). */
  listed?: RegistryTarget
}

/** Targets that share one API client: same service, region and FIPS-ness. */
export interface ApiGroup {
  api: ApiTarget
  targets: RegistryTarget[]
  /** Whose credentials the group's calls use (a list item's); absent: the SDK's default chain. */
  identity?: Identity
}

/** What fetchGrants got: one grant per registry host in input order, one error per failed API call. */
export interface FetchResult {
  grants: Grant[]
  failures: UserError[]
}

/** Makes (or reuses) the client for one API target. */
export type EcrFactory = (api: ApiTarget, identity?: Identity) => Promise<EcrApi>

/** The API accepts at most this many registryIds in one GetAuthorizationToken call. */
export const MAX_IDS_PER_CALL = 10

/** ECR tokens last 12 hours; used when a response carries no expiresAt. */
export const DEFAULT_LIFETIME_MS = 12 * 60 * 60 * 1000

/**
 * Groups targets by (service, region, FIPS, identity), keeping first-seen order. Account IDs without a host
 * take `defaultRegion` (AWS_REGION), so `111111111111` and a us-east-1 host share one call.
 */
export function groupTargets(targets: RegistryTarget[], defaultRegion?: string): ApiGroup[] {
  const groups = new Map<string, ApiGroup>()
  for (const target of targets) {
    const region = target.region ?? defaultRegion
    const key = `${target.service}|${region ?? ''}|${target.fips}|${identityKey(target.identity)}`
    let group = groups.get(key)
    if (!group) {
      group = { api: { service: target.service, region, fips: target.fips }, targets: [] }
      if (target.identity) group.identity = target.identity
      groups.set(key, group)
    }
    group.targets.push(target)
  }
  return [...groups.values()]
}

/** Splits a list into chunks of at most `size`. */
export function batches<T>(items: T[], size = MAX_IDS_PER_CALL): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Splits a base64 `user:password` token at the FIRST colon (passwords may contain colons). */
export function decodeToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon <= 0)
    throw new UserError('The ECR API returned an authorization token that is not user:password.')
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) }
}

/** How a target is named in messages: the host the user wrote, else its account ID. */
export function label(target: RegistryTarget): string {
  return target.host ?? target.account ?? 'the default registry'
}

/**
 * Gets a token for every target: one API call per group and batch of ten IDs, all concurrently.
 * A failed call is reported in `failures` and does not stop the others.
 */
export async function fetchGrants(
  targets: RegistryTarget[],
  ecrFor: EcrFactory,
  options: { now: () => Date; proxyFor?: (api: ApiTarget) => string | undefined; defaultRegion?: string }
): Promise<FetchResult> {
  const calls: ApiGroup[] = []
  for (const group of groupTargets(targets, options.defaultRegion)) {
    if (group.api.service === 'ecr-public') {
      calls.push(group)
      continue
    }
    const withAccount = group.targets.filter(t => t.account)
    const withoutAccount = group.targets.filter(t => !t.account)
    if (withoutAccount.length) calls.push({ ...group, targets: withoutAccount })
    // Several hosts of one account (e.g. standard and dual-stack) share one ID in the request.
    const accounts = [...new Set(withAccount.map(t => t.account!))]
    for (const chunk of batches(accounts)) {
      calls.push({ ...group, targets: withAccount.filter(t => chunk.includes(t.account!)) })
    }
  }

  // One client per group, shared by its batches: each `api` object stands for one group.
  const clients = new Map<ApiTarget, Promise<EcrApi>>()
  const clientFor = (api: ApiTarget, identity?: Identity): Promise<EcrApi> => {
    if (!clients.has(api)) clients.set(api, ecrFor(api, identity))
    return clients.get(api)!
  }
  const byTarget = new Map<RegistryTarget, Grant>()
  const failures: UserError[] = []
  await Promise.all(
    calls.map(async call => {
      const ids = [...new Set(call.targets.flatMap(t => (t.account ? [t.account] : [])))]
      let api: EcrApi | undefined
      try {
        api = await clientFor(call.api, call.identity)
        const data = await api.getAuthorizationToken(call.api.service === 'ecr' ? ids : [])
        const region = call.api.region ?? api.region
        for (const [target, grant] of matchGrants(call.targets, ids, data, options.now(), region))
          byTarget.set(target, grant)
      } catch (error) {
        failures.push(
          error instanceof UserError
            ? error
            : apiError(error, {
                service: call.api.service,
                region: call.api.region ?? api?.region,
                registries: call.targets.map(label),
                proxy: options.proxyFor?.(call.api)
              })
        )
      }
    })
  )
  // A registry named twice (an account ID and its host, or a host in two letter cases) is known
  // to be one only now that the ID's host is: one login, one set of outputs, one logout, under
  // the spelling given first.
  const hosts = new Set<string>()
  const grants = targets.flatMap(t => {
    const grant = byTarget.get(t)
    if (!grant || hosts.has(grant.host.toLowerCase())) return []
    hosts.add(grant.host.toLowerCase())
    return [grant]
  })
  return { grants, failures }
}

/**
 * The registry host `proxyEndpoint` names, if it parses as a private registry of `asked` (its
 * account and region, where known); undefined otherwise. The answer comes from the network (a
 * configured endpoint, a proxy): a host that is another registry, an option (`--help`) or a line
 * of workflow commands must never reach a login, an output name or the log as a host.
 */
export function endpointHost(
  proxyEndpoint: string,
  asked: { account?: string; region?: string }
): string | undefined {
  const host = hostFromEndpoint(proxyEndpoint)
  const parsed = parseHost(host)
  if (!parsed || parsed.service !== 'ecr') return undefined
  if (asked.account && parsed.account !== asked.account) return undefined
  if (asked.region && parsed.region !== asked.region.toLowerCase()) return undefined
  return host
}

/** The host of a registry the input named by account ID (or not at all): the API's, checked. */
function answeredHost(target: RegistryTarget, entry: AuthData, region: string | undefined): string {
  if (!entry.proxyEndpoint)
    throw new UserError(`The ECR API returned no registry endpoint for ${label(target)}.`)
  const host = endpointHost(entry.proxyEndpoint, { account: target.account, region })
  if (host) return host
  throw new UserError(
    `The ECR API answered for ${label(target)} with the registry endpoint ${quoted(entry.proxyEndpoint)}, ` +
      `which is not ${target.account ? `account ${target.account}'s` : 'a'} registry host${region ? ` in ${region}` : ''}, so it was not used.`,
    'Check AWS_ENDPOINT_URL_ECR (or AWS_ENDPOINT_URL): it should name the ECR API, and the API answers with the registry’s https:// host.'
  )
}

function matchGrants(
  targets: RegistryTarget[],
  ids: string[],
  data: AuthData[],
  now: Date,
  region: string | undefined
): Map<RegistryTarget, Grant> {
  const out = new Map<RegistryTarget, Grant>()
  for (const target of targets) {
    // Match by the account in proxyEndpoint. Only an entry that names no account of its own (an
    // endpoint we cannot parse) may be taken by request order, which the API keeps.
    const accountOf = (d: AuthData): string | undefined =>
      d.proxyEndpoint ? parseHost(hostFromEndpoint(d.proxyEndpoint))?.account : undefined
    const byPosition = data[target.account ? ids.indexOf(target.account) : 0]
    const entry =
      (target.account && data.find(d => accountOf(d) === target.account)) ||
      (byPosition && (!target.account || accountOf(byPosition) === undefined) ? byPosition : undefined)
    if (!entry) {
      throw new UserError(`The ECR API returned no authorization data for ${label(target)}.`)
    }
    const host = target.host ?? answeredHost(target, entry, region)
    const { username, password } = decodeToken(entry.authorizationToken)
    out.set(target, {
      // An alias is where clients log in, and what outputs, state and the summary name.
      host: target.alias ?? host,
      ...(target.alias ? { registry: host } : {}),
      ...(target.identity ? { identity: describeIdentity(target.identity) } : {}),
      ...(target.identity || target.alias ? { listed: target } : {}),
      username,
      password,
      expiresAt: entry.expiresAt ?? new Date(now.getTime() + DEFAULT_LIFETIME_MS),
      ...(region ? { region } : {})
    })
  }
  return out
}

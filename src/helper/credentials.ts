import type { ApiOptions, ApiTarget, AuthData, EcrApi } from '../ecr/aws.js'
import { apiError, messageOf, UserError } from '../errors.js'
import { hostOf, parseHost, PUBLIC_HOST, PUBLIC_REGION } from '../ecr/registry.js'
import type { RegistryTarget } from '../ecr/registry.js'
import { decodeToken, DEFAULT_LIFETIME_MS, endpointHost } from '../ecr/tokens.js'
import { quoted } from '../text.js'
import { withDeadline } from '../deadline.js'
import { cacheTargetOf, isFresh, staticAccessKeyId, type CacheEntry, type CacheTarget } from './cache-file.js'
import type { CredentialCache } from './cache.js'
import { retrievingLine, usingCachedLine } from './cached-get.js'
import type { Log } from './log.js'
import type { Credentials as AwsCredentials } from '../ecr/identities.js'
import type { Identity } from '../ecr/identity.js'
import { findRegistry } from './registry-map.js'

/** Docker's answer for one registry. */
export interface RegistryCredentials {
  username: string
  password: string
}

/** What the protocol layer needs: `get` and `list`. */
export interface Credentials {
  /** Throws CredentialsNotFound for anything it cannot serve; the cause is in the log. */
  get(serverUrl: string): Promise<RegistryCredentials>
  /** Server URL → user name, for the default registry, ECR Public and every cache entry. */
  list(): Promise<Record<string, string>>
}

/** The protocol's one failure for `get`; docker treats it as "no credentials for this host". */
export class CredentialsNotFound extends Error {
  constructor() {
    super('credentials not found in native keychain')
    this.name = 'CredentialsNotFound'
  }
}

export interface CredentialsDeps {
  /** Same shape as aws.ts `createEcrApi`; only called when the cache cannot answer. */
  ecrFor(api: ApiTarget, options: ApiOptions): Promise<EcrApi>
  cache: CredentialCache
  /** The caller's access key id; undefined when no AWS credentials can be found (no API call then). */
  accessKeyId(): Promise<string | undefined>
  env: NodeJS.ProcessEnv
  now(): Date
  log: Log
  /** Overrides DEADLINES_MS (tests). */
  deadlinesMs?: typeof DEADLINES_MS
  /** The registries file's items (registry-map.ts): aliases, and a profile or role per registry. */
  registries?: () => RegistryTarget[]
  /** Credentials of an item's identity (ecr/identities.ts); only called for such an item. */
  credentialsFor?(identity: Identity, region?: string): Promise<AwsCredentials>
}

/**
 * How long a `get` waits for AWS (credentials, client and API call, retries included) before it
 * fails, since docker waits for a credential helper without any limit: `api` with nothing cached,
 * `refresh` with a stale cached token in hand, which is served instead (it usually has hours left).
 */
export const DEADLINES_MS = { api: 30_000, refresh: 10_000 }

const PUBLIC_ENDPOINT = `https://${PUBLIC_HOST}`

/** One registry the helper can fetch a token for. */
interface Wanted {
  api: ApiTarget
  cacheTarget: CacheTarget
  /** The request's registryIds: the account, or none for ECR Public. */
  ids: string[]
  /** Where the request was for, in log lines. */
  label: string
  /** Used when the API names no endpoint (ECR Public never does). */
  fallbackEndpoint: string
  /** The registries file's profile or role for it; absent: the default chain. */
  identity?: Identity
}

/** get and list on top of registry.ts, the cache, and an EcrApi made only when needed. */
export function ecrCredentials(deps: CredentialsDeps): Credentials {
  const { log } = deps
  // One helper run makes at most one call per API target, so a client is never reused.
  const ecrFor = (api: ApiTarget, credentials?: AwsCredentials): Promise<EcrApi> =>
    deps.ecrFor(api, { proxy: { env: deps.env }, debug: message => log.debug(message), credentials })

  /** Calls GetAuthorizationToken and caches every entry it returns. */
  const fetchEntries = async (
    api: ApiTarget,
    ids: string[],
    fallbackEndpoint?: string,
    identity?: Identity
  ) => {
    if (!identity && !(await deps.accessKeyId())) {
      throw new UserError(
        'No AWS credentials were found (environment, profile, SSO, container or instance role).'
      )
    }
    log.debug(
      `Calling ${api.service === 'ecr' ? 'ECR' : 'ECR Public'} GetAuthorizationToken` +
        (ids.length ? ` for ${ids.join(', ')}` : '') +
        (api.region ? ` in ${api.region}` : '')
    )
    let client: EcrApi | undefined
    let data: AuthData[]
    try {
      const credentials =
        identity && deps.credentialsFor ? await deps.credentialsFor(identity, api.region) : undefined
      client = await ecrFor(api, credentials)
      data = await client.getAuthorizationToken(ids)
    } catch (error) {
      throw error instanceof UserError
        ? error
        : apiError(error, {
            service: api.service,
            region: api.region ?? client?.region,
            registries: ids
          })
    }
    const requestedAt = deps.now()
    const entries: { target: CacheTarget; entry: CacheEntry; password: string; username: string }[] = []
    for (const d of data) {
      // ECR Public has one host, whatever an answer says.
      const endpoint = api.service === 'ecr-public' ? fallbackEndpoint : (d.proxyEndpoint ?? fallbackEndpoint)
      if (!endpoint) continue
      const { username, password } = decodeToken(d.authorizationToken)
      log.secret(password)
      // Only a host of the registry asked for (tokens.ts endpointHost) is cached and answered for.
      const host =
        api.service === 'ecr' ? endpointHost(endpoint, { account: ids[0], region: api.region }) : undefined
      const target: CacheTarget | undefined =
        api.service === 'ecr-public' ? { service: 'ecr-public' } : host ? privateTarget(host) : undefined
      if (!target)
        throw new UserError(`The ECR API returned an unexpected registry endpoint: ${quoted(endpoint)}`)
      const entry: CacheEntry = {
        authorizationToken: d.authorizationToken,
        requestedAt,
        expiresAt: d.expiresAt ?? new Date(requestedAt.getTime() + DEFAULT_LIFETIME_MS),
        proxyEndpoint: endpoint,
        service: api.service
      }
      await deps.cache.set(target, entry)
      entries.push({ target, entry, username, password })
    }
    return entries
  }

  /**
   * The cached token while fresh; else a new one; else, if the call failed, the stale one while it
   * has not expired. An expired token is never served: the pull or push would fail with a bare 403
   * (as with the Go helper, awslabs/amazon-ecr-credential-helper#679); the refresh's error says more.
   */
  const credentialsFor = async (wanted: Wanted): Promise<RegistryCredentials> => {
    const cached = await deps.cache.get(wanted.cacheTarget)
    const usable = cached && decodeCached(cached, log)
    const now = deps.now()
    if (cached && usable && isFresh(cached, now)) {
      log.debug(usingCachedLine(wanted.label))
      return usable
    }
    if (cached) {
      log.debug(
        `Cached token for ${wanted.label} is no longer valid (requestedAt ${cached.requestedAt.toISOString()}, ` +
          `expiresAt ${cached.expiresAt.toISOString()})`
      )
    }
    const fallback = cached && usable && now < cached.expiresAt ? usable : undefined
    try {
      const entries = await withDeadline(
        () => fetchEntries(wanted.api, wanted.ids, wanted.fallbackEndpoint, wanted.identity),
        (deps.deadlinesMs ?? DEADLINES_MS)[fallback ? 'refresh' : 'api'],
        noAnswer(`${wanted.api.service === 'ecr' ? 'ECR' : 'ECR Public'} did not answer for ${wanted.label}`)
      )
      const mine =
        entries.find(e => sameTarget(e.target, wanted.cacheTarget)) ??
        (entries.length === 1 ? entries[0] : undefined)
      if (!mine) throw new UserError(`The ECR API returned no authorization data for ${wanted.label}.`)
      return { username: mine.username, password: mine.password }
    } catch (error) {
      // A 500 or a timeout from the service should not fail a pull while a token we already
      // have still works: serve it. Tokens are refreshed at half their lifetime, so a stale one
      // usually has hours left.
      if (fallback) {
        log.info(
          `Got error fetching authorization token for ${wanted.label}. Falling back to cached token. ` +
            `Error was: ${messageOf(error)}`
        )
        return fallback
      }
      if (cached && usable) {
        throw new UserError(
          `The cached token had expired (at ${cached.expiresAt.toISOString()}) and could not be refreshed: ` +
            messageOf(error)
        )
      }
      throw error
    }
  }

  return {
    async get(serverUrl) {
      const host = hostOf(serverUrl)
      // An alias is served with its registry's token; an item's profile or role fetches it.
      const mapped = deps.registries ? findRegistry(deps.registries(), host) : undefined
      const target = mapped ?? parseHost(host)
      if (!target) {
        log.error(
          `Error parsing the serverURL ${JSON.stringify(serverUrl)}: docker-credential-ecr-login can only be used with Amazon Elastic Container Registry.`
        )
        throw new CredentialsNotFound()
      }
      const wanted = wantedFor(host, target, mapped?.identity)
      log.debug(retrievingLine(host, target))
      try {
        return await credentialsFor(wanted)
      } catch (error) {
        log.error(`Error retrieving credentials for ${host}: ${messageOf(error)}`)
        throw new CredentialsNotFound()
      }
    },

    async list() {
      log.debug('Listing credentials')
      const out: Record<string, string> = {}
      if (await deps.accessKeyId()) {
        // Like the Go helper, list first primes the cache with the default registry and ECR Public.
        await Promise.all([
          withDeadline(
            () => fetchEntries({ service: 'ecr', fips: false }, []),
            (deps.deadlinesMs ?? DEADLINES_MS).api,
            noAnswer('ECR did not answer for the default registry')
          ).then(
            entries => entries.forEach(e => (out[e.entry.proxyEndpoint] = e.username)),
            error => log.debug(`Couldn't get authorization token for default registry: ${messageOf(error)}`)
          ),
          credentialsFor(wantedFor(PUBLIC_HOST, parseHost(PUBLIC_HOST)!)).then(
            c => (out[PUBLIC_ENDPOINT] = c.username),
            error => log.debug(`Couldn't get authorization token for public registry: ${messageOf(error)}`)
          )
        ])
      }
      for (const entry of await deps.cache.list()) {
        const decoded = decodeCached(entry, log)
        if (decoded && entry.proxyEndpoint) out[entry.proxyEndpoint] = decoded.username
      }
      return out
    }
  }
}

/** What `get` asks for a registry host, and `list` for ECR Public. */
function wantedFor(host: string, target: RegistryTarget, identity?: Identity): Wanted {
  if (target.service === 'ecr-public') {
    return {
      api: { service: 'ecr-public', region: PUBLIC_REGION, fips: false },
      cacheTarget: { service: 'ecr-public' },
      ids: [],
      label: host,
      fallbackEndpoint: PUBLIC_ENDPOINT,
      identity
    }
  }
  return {
    api: { service: 'ecr', region: target.region, fips: target.fips },
    cacheTarget: { service: 'ecr', region: target.region!, account: target.account! },
    ids: [target.account!],
    label: host,
    // An alias in the registries file names its ECR host in `target.host`.
    fallbackEndpoint: `https://${target.host ?? host}`,
    identity
  }
}

function privateTarget(host: string): CacheTarget | undefined {
  const target = cacheTargetOf(host)
  return target?.service === 'ecr' ? target : undefined
}

/** The error of a call past its deadline (deadline.ts): `message` and the time. */
function noAnswer(message: string): (ms: number) => Error {
  return ms => new UserError(`${message} within ${ms / 1000} s`)
}

function sameTarget(a: CacheTarget, b: CacheTarget): boolean {
  if (a.service === 'ecr-public' || b.service === 'ecr-public') return a.service === b.service
  return a.account === b.account && a.region === b.region
}

function decodeCached(entry: CacheEntry, log: Log): RegistryCredentials | undefined {
  try {
    const decoded = decodeToken(entry.authorizationToken)
    log.secret(decoded.password)
    return decoded
  } catch (error) {
    log.debug(`Could not extract cached token for ${entry.proxyEndpoint}: ${messageOf(error)}`)
    return undefined
  }
}

/**
 * The access key id the AWS SDK would sign with, for the cache key. Static keys in the environment
 * are read directly, so a cache hit never loads the SDK; otherwise the SDK's default chain
 * (profile, SSO, web identity, container, instance role) is loaded lazily and asked once.
 */
export async function resolveAccessKeyId(env: NodeJS.ProcessEnv, log?: Log): Promise<string | undefined> {
  const fromEnv = staticAccessKeyId(env)
  if (fromEnv) return fromEnv
  try {
    // aws.ts is the only importer of the SDK; loaded lazily so a cache hit never pays for it.
    return await (await import('../ecr/aws.js')).defaultAccessKeyId()
  } catch (error) {
    log?.debug(`Could not resolve AWS credentials: ${messageOf(error)}`)
    return undefined
  }
}

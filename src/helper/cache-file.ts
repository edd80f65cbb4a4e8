// cache.json as the Go helper writes it: keys, entries, freshness, Go times. The part of the cache
// a warm `get` needs (cached-get.ts), kept apart from the store in cache.ts so that a cache hit
// loads no more.
import { parseHost, type Service } from '../ecr/registry.js'
import { sha256 } from './sha256.js'

/** The only cache file version the Go helper reads and writes; anything else is thrown away. */
export const CACHE_VERSION = '1.0'
export const CACHE_FILE = 'cache.json'

/** One cached GetAuthorizationToken answer, as the Go helper stores it in cache.json. */
export interface CacheEntry {
  /** base64 of `AWS:<password>`, exactly as the API returned it. */
  authorizationToken: string
  requestedAt: Date
  expiresAt: Date
  /** `https://<account>.dkr.ecr.<region>.amazonaws.com`, or `https://public.ecr.aws`. */
  proxyEndpoint: string
  service: Service
}

/** What a cache entry is for: a private registry (region and account) or ECR Public. */
export type CacheTarget = { service: 'ecr'; region: string; account: string } | { service: 'ecr-public' }

/** What a registry host is cached under; undefined when it is not an ECR registry. */
export function cacheTargetOf(host: string): CacheTarget | undefined {
  const target = parseHost(host)
  if (!target) return undefined
  return target.service === 'ecr-public'
    ? { service: 'ecr-public' }
    : { service: 'ecr', region: target.region!, account: target.account! }
}

/** `H` of the cache key: base64(sha256(access key id)), the Go helper's key since 0.12. */
export function keyHash(accessKeyId: string): string {
  return sha256(Buffer.from(accessKeyId, 'utf8')).toString('base64')
}

/** md5(""), a constant: the legacy key below never hashes anything. */
const EMPTY_MD5 = Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex')

/**
 * `H` as Go helpers before 0.12 computed it: `md5.New().Sum(id)` appends the MD5 of nothing to the
 * id instead of hashing it, so the "hash" is base64(id ‖ md5("")). Read only, as a fallback.
 */
export function legacyKeyHash(accessKeyId: string): string {
  return Buffer.concat([Buffer.from(accessKeyId, 'utf8'), EMPTY_MD5]).toString('base64')
}

/** `<region>-<H>-<account>` for a private registry, `ecr-public-<H>` for ECR Public. */
export function cacheKey(target: CacheTarget, accessKeyId: string, hash = keyHash): string {
  const h = hash(accessKeyId)
  return target.service === 'ecr-public' ? `ecr-public-${h}` : `${target.region}-${h}-${target.account}`
}

/**
 * True while `now` is before the midpoint of the token's lifetime (a 12 h token is refreshed after
 * 6 h), so that a token served from the cache always has hours left, as in the Go helper.
 */
export function isFresh(entry: CacheEntry, now: Date): boolean {
  const requested = entry.requestedAt.getTime()
  const expires = entry.expiresAt.getTime()
  return now.getTime() < expires - (expires - requested) / 2
}

/**
 * The entry for `target`: the one stored under `accessKeyId` (or its legacy key); in a job cache
 * (`anyKey`), the latest-expiring one under any key, whatever credentials the caller has.
 */
export function findEntry(
  registries: Registries,
  target: CacheTarget,
  accessKeyId: string | undefined,
  anyKey = false
): CacheEntry | undefined {
  if (!anyKey) {
    if (!accessKeyId) return undefined
    return (
      registries[cacheKey(target, accessKeyId)] ?? registries[cacheKey(target, accessKeyId, legacyKeyHash)]
    )
  }
  let best: CacheEntry | undefined
  for (const [key, entry] of Object.entries(registries)) {
    if (keyIsFor(key, target) && (!best || entry.expiresAt > best.expiresAt)) best = entry
  }
  return best
}

/** Whether a cache key is `<region>-<H>-<account>` or `ecr-public-<H>` for `target`, any H. */
function keyIsFor(key: string, target: CacheTarget): boolean {
  if (target.service === 'ecr-public') return key.startsWith('ecr-public-')
  const prefix = `${target.region}-`
  const suffix = `-${target.account}`
  // H is base64, which has no `-`: anything else is another region's key.
  return (
    key.length > prefix.length + suffix.length &&
    key.startsWith(prefix) &&
    key.endsWith(suffix) &&
    !key.slice(prefix.length, -suffix.length).includes('-')
  )
}

/**
 * Static keys from the environment, as the SDK would use them (not when AWS_PROFILE is set, which
 * makes it skip them): the cache key without loading the SDK.
 */
export function staticAccessKeyId(env: NodeJS.ProcessEnv): string | undefined {
  return env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY && !env.AWS_PROFILE
    ? env.AWS_ACCESS_KEY_ID
    : undefined
}

/** cache.json's entries by key. */
export type Registries = Record<string, CacheEntry>

interface FileEntry {
  AuthorizationToken?: unknown
  RequestedAt?: unknown
  ExpiresAt?: unknown
  ProxyEndpoint?: unknown
  Service?: unknown
}

/** Parses cache.json text; throws on anything the Go helper would refuse to load. */
export function parseCache(text: string): Registries {
  const data = JSON.parse(text) as { Registries?: unknown; Version?: unknown } | null
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('not a JSON object')
  if (data.Version !== CACHE_VERSION) {
    throw new Error(`cache version ${JSON.stringify(data.Version)} is not compatible with "${CACHE_VERSION}"`)
  }
  const raw = data.Registries ?? {}
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('Registries is not an object')
  const out: Registries = {}
  for (const [key, value] of Object.entries(raw as Record<string, FileEntry | null>)) {
    if (value === null) continue
    if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`entry ${key} is not an object`)
    const entry = parseEntry(key, value)
    if (entry) out[key] = entry
  }
  return out
}

function parseEntry(key: string, value: FileEntry): CacheEntry | undefined {
  for (const field of [
    'AuthorizationToken',
    'RequestedAt',
    'ExpiresAt',
    'ProxyEndpoint',
    'Service'
  ] as const) {
    const v = value[field]
    if (v !== undefined && typeof v !== 'string') throw new Error(`entry ${key}: ${field} is not a string`)
  }
  // Go decodes a missing field as its zero value; such an entry can never be served, so skip it.
  if (!value.AuthorizationToken || value.RequestedAt === undefined || value.ExpiresAt === undefined) return
  const service: Service =
    value.Service === 'ecr-public' || (!value.Service && key.startsWith('ecr-public-')) ? 'ecr-public' : 'ecr'
  return {
    authorizationToken: value.AuthorizationToken as string,
    requestedAt: parseGoTime(value.RequestedAt as string),
    expiresAt: parseGoTime(value.ExpiresAt as string),
    proxyEndpoint: (value.ProxyEndpoint as string | undefined) ?? '',
    service
  }
}

const GO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/

/**
 * Parses a Go `time.Time` JSON value (RFC 3339 with optional fractional seconds and a zone offset,
 * e.g. `2026-11-23T22:00:00.123456789+01:00`). Digits past milliseconds are dropped.
 */
export function parseGoTime(text: string): Date {
  const m = GO_TIME.exec(text)
  if (!m) throw new Error(`'${text}' is not an RFC 3339 time`)
  const [, y, mo, d, h, mi, s, frac, zone] = m
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0
  const date = new Date(Date.UTC(2000, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms))
  // Date.UTC maps years 0–99 to 1900–1999; Go's zero time is year 1.
  date.setUTCFullYear(Number(y))
  // Date.UTC rolls 13/45 over into the next year instead of refusing it; Go refuses it.
  const fields = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes()]
  if (fields.join() !== [mo, d, h, mi].map(Number).join() || Number(s) > 59) {
    throw new Error(`'${text}' is not a valid time`)
  }
  if (zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1
    const offset = (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000
    date.setTime(date.getTime() - sign * offset)
  }
  return date
}

/** Formats a time as Go's time.Time JSON does for UTC: RFC 3339, fraction without trailing zeros. */
export function formatGoTime(date: Date): string {
  return date.toISOString().replace(/\.?0+Z$/, 'Z')
}

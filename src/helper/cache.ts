import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'
import { parseHost, PUBLIC_HOST, type Service } from '../registry.js'
import type { Grant } from '../tokens.js'
import { nullLog, type Log } from './log.js'

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

/** The helper's view of cache.json; scoped to one access key, like the Go helper's key prefix. */
export interface CredentialCache {
  get(target: CacheTarget): Promise<CacheEntry | undefined>
  set(target: CacheTarget, entry: CacheEntry): Promise<void>
  /** Every entry in the file, whatever access key wrote it (the Go helper's `list` does the same). */
  list(): Promise<CacheEntry[]>
}

/** The do-nothing cache: AWS_ECR_DISABLE_CACHE is set, or no AWS credentials could be resolved. */
export const nullCache: CredentialCache = {
  get: async () => undefined,
  set: async () => {},
  list: async () => []
}

/** `H` of the cache key: base64(sha256(access key id)), the Go helper's key since 0.12. */
export function keyHash(accessKeyId: string): string {
  return createHash('sha256').update(accessKeyId).digest('base64')
}

/**
 * `H` as Go helpers before 0.12 computed it: `md5.New().Sum(id)` appends the MD5 of nothing to the
 * id instead of hashing it, so the "hash" is base64(id ‖ md5("")). Read only, as a fallback.
 */
export function legacyKeyHash(accessKeyId: string): string {
  const emptyMd5 = createHash('md5').digest()
  return Buffer.concat([Buffer.from(accessKeyId, 'utf8'), emptyMd5]).toString('base64')
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

/** The cache directory: $AWS_ECR_CACHE_DIR (with `~` expanded), else `~/.ecr`. */
export function cacheDirOf(env: NodeJS.ProcessEnv, home: () => string = homedir): string {
  const dir = env.AWS_ECR_CACHE_DIR || '~/.ecr'
  if (dir === '~') return home()
  if (dir.startsWith('~/') || dir.startsWith('~\\')) return join(home(), dir.slice(2))
  return dir
}

/** True when AWS_ECR_DISABLE_CACHE has any non-empty value. */
export function cacheDisabled(env: NodeJS.ProcessEnv): boolean {
  return Boolean(env.AWS_ECR_DISABLE_CACHE)
}

export interface FileCacheOptions {
  dir: string
  /**
   * The access key id the cache keys are derived from; resolved only when the cache is first
   * used. Undefined (no credentials) turns the cache into `nullCache`.
   */
  accessKeyId: () => Promise<string | undefined>
  log?: Log
}

/** The cache for the helper's environment: `nullCache` when disabled, else the file cache. */
export function openCache(env: NodeJS.ProcessEnv, options: Omit<FileCacheOptions, 'dir'>): CredentialCache {
  if (cacheDisabled(env)) {
    options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE')
    return nullCache
  }
  return fileCache({ ...options, dir: cacheDirOf(env) })
}

/** cache.json in `dir`, in the Go helper's format, so both helpers can share one cache. */
export function fileCache(options: FileCacheOptions): CredentialCache {
  const { dir } = options
  const log = options.log ?? nullLog
  let id: Promise<string | undefined> | undefined
  const accessKeyId = (): Promise<string | undefined> => {
    id ??= options.accessKeyId().then(value => {
      if (!value) log.debug('Could not fetch credentials for cache prefix, disabling cache')
      return value || undefined
    })
    return id
  }
  return {
    async get(target) {
      const key = await accessKeyId()
      if (!key) return undefined
      const registries = readCache(dir, log)
      return registries[cacheKey(target, key)] ?? registries[cacheKey(target, key, legacyKeyHash)]
    },
    async set(target, entry) {
      const key = await accessKeyId()
      if (!key) return
      const registries = readCache(dir, log)
      registries[cacheKey(target, key)] = entry
      try {
        writeCache(dir, registries)
      } catch (error) {
        log.info(`Could not save cache: ${(error as Error).message}`)
      }
    },
    async list() {
      return (await accessKeyId()) ? Object.values(readCache(dir, log)) : []
    }
  }
}

/**
 * Stores tokens the action just fetched, so that the helper run later in the job (e.g. by
 * `docker pull` with `credHelpers`) answers from the cache without another API call. `accessKeyId`
 * must be the key the tokens were fetched with; without one nothing is written (the helper could
 * never find the entries). Hosts that are not ECR registries are skipped. Throws when the file
 * cannot be written.
 */
export function primeCache(dir: string, accessKeyId: string, grants: Grant[], now: Date = new Date()): void {
  if (!accessKeyId) return
  const registries = readCache(dir, nullLog)
  let changed = false
  for (const grant of grants) {
    const target = parseHost(grant.host)
    if (!target) continue
    const entry: CacheEntry = {
      authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
      requestedAt: now,
      expiresAt: grant.expiresAt,
      proxyEndpoint: `https://${target.service === 'ecr-public' ? PUBLIC_HOST : grant.host}`,
      service: target.service
    }
    const cacheTarget: CacheTarget =
      target.service === 'ecr-public'
        ? { service: 'ecr-public' }
        : { service: 'ecr', region: target.region!, account: target.account! }
    registries[cacheKey(cacheTarget, accessKeyId)] = entry
    changed = true
  }
  if (changed) writeCache(dir, registries)
}

type Registries = Record<string, CacheEntry>

interface FileEntry {
  AuthorizationToken?: unknown
  RequestedAt?: unknown
  ExpiresAt?: unknown
  ProxyEndpoint?: unknown
  Service?: unknown
}

/**
 * Reads cache.json. A missing file is an empty cache; a file that is not JSON, not the expected
 * shape, or of another Version is deleted and treated as empty, as the Go helper does.
 */
export function readCache(dir: string, log: Log = nullLog): Registries {
  const file = join(dir, CACHE_FILE)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.info(`Could not load existing cache: ${(error as Error).message}`)
    }
    return {}
  }
  try {
    return parseCache(text)
  } catch (error) {
    log.info(`Could not load existing cache, starting over: ${(error as Error).message}`)
    try {
      unlinkSync(file)
    } catch (unlinkError) {
      log.info(`Could not clear cache: ${(unlinkError as Error).message}`)
    }
    return {}
  }
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

/**
 * Writes cache.json atomically: a temp file (0600) in the same directory (0700), then a rename,
 * whose failure is reported rather than ignored. Readers see the old file or the new one, never
 * half of one.
 */
export function writeCache(dir: string, registries: Registries): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const sorted: Record<string, unknown> = {}
  for (const key of Object.keys(registries).sort()) {
    const e = registries[key]
    sorted[key] = {
      AuthorizationToken: e.authorizationToken,
      RequestedAt: formatGoTime(e.requestedAt),
      ExpiresAt: formatGoTime(e.expiresAt),
      ProxyEndpoint: e.proxyEndpoint,
      Service: e.service
    }
  }
  const text = JSON.stringify({ Registries: sorted, Version: CACHE_VERSION }, null, 2)
  const temp = join(dir, `.${CACHE_FILE}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`)
  writeFileSync(temp, text, { mode: 0o600, flag: 'wx' })
  try {
    renameSync(temp, join(dir, CACHE_FILE))
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      // Already gone; the rename error below is the one worth reporting.
    }
    throw error
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

import { unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { PUBLIC_HOST } from '../ecr/registry.js'
import type { Grant } from '../ecr/tokens.js'
import { cacheDirOf, cacheDisabled, isJobCache } from './cache-dir.js'
import {
  CACHE_FILE,
  CACHE_VERSION,
  cacheKey,
  cacheTargetOf,
  findEntry,
  formatGoTime,
  parseCache,
  type CacheEntry,
  type CacheTarget,
  type Registries
} from './cache-file.js'
import { nullLog, type Log } from './log.js'
import { checkPrivateDir, makePrivateDir, readPrivate, UntrustedPath, writePrivate } from './private-files.js'

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

export interface FileCacheOptions {
  dir: string
  /**
   * The access key id the cache keys are derived from; resolved only when the cache is first
   * used. Undefined (no credentials) turns the cache into `nullCache`.
   */
  accessKeyId: () => Promise<string | undefined>
  log?: Log
  /**
   * A job cache: `get` serves any key's entry for the registry (findEntry) and so never needs
   * the access key id, which a later step without AWS credentials cannot resolve.
   */
  anyKey?: boolean
}

/** The cache for the helper's environment: `nullCache` when disabled, else the file cache. */
export function openCache(env: NodeJS.ProcessEnv, options: Omit<FileCacheOptions, 'dir'>): CredentialCache {
  if (cacheDisabled(env)) {
    options.log?.debug('Cache disabled due to AWS_ECR_DISABLE_CACHE')
    return nullCache
  }
  return fileCache({ ...options, dir: cacheDirOf(env), anyKey: isJobCache(env) })
}

/** cache.json in `dir`, in the Go helper's format, so both helpers can share one cache. */
export function fileCache(options: FileCacheOptions): CredentialCache {
  const { dir, anyKey = false } = options
  const log = options.log ?? nullLog
  let id: Promise<string | undefined> | undefined
  const accessKeyId = (): Promise<string | undefined> => {
    id ??= options.accessKeyId().then(value => {
      if (!value && !anyKey) log.debug('Could not fetch credentials for cache prefix, disabling cache')
      return value || undefined
    })
    return id
  }
  return {
    async get(target) {
      const key = anyKey ? undefined : await accessKeyId()
      if (!key && !anyKey) return undefined
      return findEntry(readCache(dir, log), target, key, anyKey)
    },
    async set(target, entry) {
      const key = await accessKeyId()
      if (!key) return
      try {
        await updateCache(dir, registries => (registries[cacheKey(target, key)] = entry), log)
      } catch (error) {
        log.info(`Could not save cache: ${(error as Error).message}`)
      }
    },
    async list() {
      return anyKey || (await accessKeyId()) ? Object.values(readCache(dir, log)) : []
    }
  }
}

/**
 * Stores tokens the action just fetched, so that the helper run later in the job (e.g. by
 * `docker pull` with `credHelpers`) answers from the cache without another API call. `accessKeyId`
 * must be the key the tokens were fetched with; without one nothing is written (the helper could
 * never find the entries). Hosts that are not ECR registries are skipped. Rejects when the file
 * cannot be written.
 */
export async function primeCache(
  dir: string,
  accessKeyId: string,
  grants: Grant[],
  now: Date = new Date()
): Promise<void> {
  if (!accessKeyId) return
  const entries: [string, CacheEntry][] = []
  for (const grant of grants) {
    // An alias's token is cached under its registry, where the helper looks for it.
    const host = grant.registry ?? grant.host
    const cacheTarget = cacheTargetOf(host)
    if (!cacheTarget) continue
    entries.push([
      cacheKey(cacheTarget, accessKeyId),
      {
        authorizationToken: Buffer.from(`${grant.username}:${grant.password}`).toString('base64'),
        requestedAt: now,
        expiresAt: grant.expiresAt,
        proxyEndpoint: `https://${cacheTarget.service === 'ecr-public' ? PUBLIC_HOST : host}`,
        service: cacheTarget.service
      }
    ])
  }
  if (entries.length)
    await updateCache(dir, registries => Object.assign(registries, Object.fromEntries(entries)))
}

/** How long a lock may go untouched before another helper takes it over (proper-lockfile's minimum is 2 s). */
const LOCK_STALE_MS = 5_000
const LOCK_SETTINGS = {
  staleMs: LOCK_STALE_MS,
  updateMs: LOCK_STALE_MS / 2,
  /** About 7 s of waiting in all: longer than a stale lock lives, and still bounded. */
  retries: { retries: 40, factor: 1.5, minTimeout: 5, maxTimeout: 200, randomize: false }
}

/**
 * Read, change and write cache.json under a lock (`cache.json.lock`, file-lock.ts as for Docker's
 * config), so that helpers answering for different registries at once keep each other's entries:
 * each rename is atomic, but without the lock the last writer drops what the others added since it
 * read. Readers need no lock. Rejects when the lock cannot be had in time or the file cannot be
 * written. The lock code loads here, so that a cache hit never pays for it.
 */
export async function updateCache(
  dir: string,
  change: (registries: Registries) => void,
  log: Log = nullLog
): Promise<void> {
  makePrivateDir(dir)
  const file = join(dir, CACHE_FILE)
  const { lockFile, updateLocked } = await import('../config/file-lock.js')
  await updateLocked<Registries>(
    {
      key: file,
      lock: () => lockFile(file, `${file}.lock`, LOCK_SETTINGS),
      read: async () => readCache(dir, log),
      write: async registries => writeCache(dir, registries),
      lost: attempts => new Error(`Lost the cache lock ${attempts} times; the cache was not saved`)
    },
    change
  )
}

/**
 * Reads cache.json. A missing file is an empty cache, and so is one this user cannot trust (see
 * private-files.ts); a file that is not JSON, not the expected shape, or of another Version is
 * deleted and treated as empty, as the Go helper does.
 */
export function readCache(dir: string, log: Log = nullLog): Registries {
  const file = join(dir, CACHE_FILE)
  let text: string | undefined
  try {
    checkPrivateDir(dir)
    text = readPrivate(file)
  } catch (error) {
    if (error instanceof UntrustedPath) log.info(`Not using the cache: ${error.message}`)
    else if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.info(`Could not load existing cache: ${(error as Error).message}`)
    }
    return {}
  }
  if (text === undefined) return {}
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

/**
 * Writes cache.json atomically: a temp file (0600, created exclusively, so never through a
 * planted link) in the same directory (0700, checked as private), then a rename, whose failure
 * is reported rather than ignored. Readers see the old file or the new one, never half of one.
 * Callers that merge use updateCache.
 */
export function writeCache(dir: string, registries: Registries): void {
  makePrivateDir(dir)
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
  writePrivate(join(dir, CACHE_FILE), JSON.stringify({ Registries: sorted, Version: CACHE_VERSION }, null, 2))
}

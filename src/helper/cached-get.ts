import { join } from 'node:path'
import { hostOf, parseHost } from '../ecr/registry.js'
import type { RegistryTarget } from '../ecr/registry.js'
import { cacheDirOf, cacheDisabled, isJobCache } from './cache-dir.js'
import {
  CACHE_FILE,
  cacheTargetOf,
  findEntry,
  isFresh,
  parseCache,
  staticAccessKeyId,
  type CacheEntry,
  type Registries
} from './cache-file.js'
import { getAnswer, payload } from './wire.js'
import { fileLog, logFileOf } from './log.js'
import { checkPrivateDir, readPrivate } from './private-files.js'
import { findRegistry, readRegistryMap } from './registry-map.js'
import { readStdinSync, writeStdout } from './stdio.js'

/**
 * What getFromCache did: answered (`flushing` while stdout still drains through a stream), or
 * left the run to the full program with the stdin it read.
 */
export type CachedGet = { answered: true; flushing: boolean } | { answered: false; stdin?: string }

/** The process as getFromCache touches it; tests pass plain values. */
export interface CachedGetIo {
  /** All of stdin, or undefined when it cannot be read synchronously. */
  readStdin(): string | undefined
  /** Returns true while the text is still being written (a stream took over). */
  stdout(text: string): boolean
  now(): Date
}

const processIo: CachedGetIo = {
  readStdin: readStdinSync,
  stdout: text => {
    try {
      return writeStdout(text)
    } catch {
      // The reader went away (EPIPE): nothing left to tell it.
      return false
    }
  },
  now: () => new Date()
}

/**
 * `get` answered from a fresh cache.json entry, the case docker hits on every pull: the same
 * answer, exit code and log lines as the full program (program.ts), without loading it, the AWS
 * SDK or node:crypto. Anything else (another action, no static keys outside a job cache, a miss,
 * a stale or unreadable entry) is left to the full program, which also logs why.
 */
export function getFromCache(argv: string[], env: NodeJS.ProcessEnv, io: CachedGetIo = processIo): CachedGet {
  if (argv.length !== 1 || argv[0] !== 'get' || cacheDisabled(env)) return { answered: false }
  const stdin = io.readStdin()
  if (stdin === undefined) return { answered: false }
  const miss: CachedGet = { answered: false, stdin }

  const serverUrl = payload(stdin)
  const host = hostOf(serverUrl)
  // An alias of the registries file is answered with its registry's cached token.
  const aliased = cacheTargetOf(host) ? undefined : findRegistry(readRegistryMap(env), host)?.host
  const target = cacheTargetOf(aliased ?? host)
  // A job cache serves any key's entry; elsewhere the key must be known without the SDK.
  const anyKey = isJobCache(env)
  const keyId = anyKey ? undefined : staticAccessKeyId(env)
  if (!target || !(anyKey || keyId)) return miss

  const dir = cacheDirOf(env)
  let registries: Registries
  try {
    checkPrivateDir(dir)
    const text = readPrivate(join(dir, CACHE_FILE))
    if (text === undefined) return miss
    registries = parseCache(text)
  } catch {
    // The full program reads it again, and logs or repairs what is wrong.
    return miss
  }
  const now = io.now()
  const entry = findEntry(registries, target, keyId, anyKey)
  if (!entry || !isFresh(entry, now)) return miss
  const credentials = decode(entry)
  if (!credentials) return miss

  const flushing = io.stdout(getAnswer(serverUrl, credentials))
  const log = fileLog(logFileOf(dir), () => now)
  log.debug(retrievingLine(host, parseHost(aliased ?? host)!))
  log.debug(usingCachedLine(host))
  return { answered: true, flushing }
}

/** The log line that starts every `get` (credentials.ts logs it too). */
export function retrievingLine(host: string, target: RegistryTarget): string {
  return `Retrieving credentials for ${host} (${target.service}${target.region ? ` ${target.region}` : ''})`
}

/** The log line of a cache hit. */
export function usingCachedLine(label: string): string {
  return `Using cached token for ${label}`
}

/**
 * user:password from the entry's base64 token, as tokens.ts decodeToken reads it; written out
 * here so that a cache hit does not load tokens.ts and errors.ts. Undefined when it is not one.
 */
function decode(entry: CacheEntry): { username: string; password: string } | undefined {
  const text = Buffer.from(entry.authorizationToken, 'base64').toString('utf8')
  const colon = text.indexOf(':')
  return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined
}

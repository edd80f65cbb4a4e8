import { constants, promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { UserError } from './errors.js'

/** One `auths` entry of config.json: `auth` is base64 user:password; `{}` when a store holds it. */
export type AuthEntry = Record<string, unknown>

/** Docker's config.json. Only the keys we touch are typed; every other key is kept as it is. */
export interface DockerConfig {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

/** The directory Docker reads: $DOCKER_CONFIG, else ~/.docker. */
export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG?.trim() || join(env.HOME || homedir(), '.docker')
}

/** Reads `<dir>/config.json`; a missing file is an empty config, a malformed one an error. */
export async function readDockerConfig(dir: string): Promise<DockerConfig> {
  const file = join(dir, 'config.json')
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw new UserError(`Cannot read the Docker config ${file}: ${(error as Error).message}`)
  }
  if (!text.trim()) return {}
  try {
    const parsed: unknown = JSON.parse(text)
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as DockerConfig
  } catch {
    // fall through to the error below
  }
  throw new UserError(
    `The Docker config ${file} is not a JSON object, so it was left untouched.`,
    'Fix or remove the file; docker itself cannot read it either.'
  )
}

const chains = new Map<string, Promise<unknown>>()

/**
 * Read-modify-write of `<dir>/config.json`, serialised within this process and, through a lock
 * file, against other ecr-login processes sharing the config (e.g. two jobs on one self-hosted
 * runner). The file is replaced atomically (temp file + rename) with its mode kept, so a reader
 * never sees half a file, and every key that `mutate` does not touch survives as it was.
 */
export async function updateDockerConfig(dir: string, mutate: (config: DockerConfig) => void): Promise<void> {
  const previous = chains.get(dir) ?? Promise.resolve()
  const next = previous.catch(() => undefined).then(() => withLock(dir, () => rewrite(dir, mutate)))
  chains.set(dir, next)
  try {
    await next
  } finally {
    if (chains.get(dir) === next) chains.delete(dir)
  }
}

async function rewrite(dir: string, mutate: (config: DockerConfig) => void): Promise<void> {
  const config = await readDockerConfig(dir)
  mutate(config)
  await writeDockerConfig(dir, config)
}

/** Writes `<dir>/config.json` atomically, as docker formats it, following a symlinked file. */
export async function writeDockerConfig(dir: string, config: DockerConfig): Promise<void> {
  let file = join(dir, 'config.json')
  file = await fs.realpath(file).catch(() => file)
  await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 })
  const mode = await fs.stat(file).then(
    s => s.mode & 0o777,
    () => 0o600
  )
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    await fs.writeFile(temp, JSON.stringify(config, null, '\t'), { mode, flag: 'wx' })
    await fs.rename(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw new UserError(`Cannot write the Docker config ${file}: ${(error as Error).message}`)
  }
}

const LOCK_STALE_MS = 30_000
const LOCK_WAIT_MS = 15_000

async function withLock<T>(dir: string, run: () => Promise<T>): Promise<T> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  const lock = join(dir, 'config.json.ecr-login.lock')
  const deadline = Date.now() + LOCK_WAIT_MS
  for (;;) {
    try {
      const handle = await fs.open(lock, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600)
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      // A lock left by a process that was killed must not block every later job forever.
      const age = await fs.stat(lock).then(
        s => Date.now() - s.mtimeMs,
        () => 0
      )
      if (age > LOCK_STALE_MS) await fs.rm(lock, { force: true })
      else if (Date.now() > deadline) {
        throw new UserError(
          `Timed out waiting for the lock ${lock} held by another ecr-login process.`,
          'If no other job is running, delete the lock file.'
        )
      } else await new Promise(resolve => setTimeout(resolve, 10 + Math.random() * 20))
    }
  }
  try {
    return await run()
  } finally {
    await fs.rm(lock, { force: true })
  }
}

/** The `auths` keys that stand for `host` (docker may have stored it with a scheme). */
export function authKeysFor(config: DockerConfig, host: string): string[] {
  const wanted = host.toLowerCase()
  return Object.keys(config.auths ?? {}).filter(
    key =>
      key
        .replace(/^https?:\/\//i, '')
        .replace(/\/.*$/, '')
        .toLowerCase() === wanted
  )
}

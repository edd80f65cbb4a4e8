import { constants, promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, posix, win32 } from 'node:path'
import { envValue } from '../env.js'
import { UserError } from '../errors.js'
import { lockFile, updateLocked, type FileLock } from './file-lock.js'
import { readJsonObject, writeJsonFile, writeNewJsonFile, type JsonFileKind } from './json-file.js'

export { claimStaleLock, preloadLock } from './file-lock.js'

/** One `auths` entry of config.json: `auth` is base64 user:password; `{}` when a store holds it. */
export type AuthEntry = Record<string, unknown>

/** Docker's config.json. Only the keys we touch are typed; every other key is kept as it is. */
export interface DockerConfig {
  auths?: Record<string, AuthEntry>
  credsStore?: string
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

/**
 * The directory Docker reads: $DOCKER_CONFIG, else ~/.docker. On Windows the docker CLI's home is
 * %USERPROFILE% (os.homedir()), whatever HOME says: Git Bash and MSYS set HOME to something else.
 */
export function dockerConfigDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform
): string {
  const configured = envValue(env, 'DOCKER_CONFIG', platform)?.trim()
  if (configured) return configured
  if (platform === 'win32') return win32.join(envValue(env, 'USERPROFILE', platform) || homedir(), '.docker')
  return posix.join(env.HOME || homedir(), '.docker')
}

/** How messages name Docker's config, and what to do when it is not JSON. */
const DOCKER_CONFIG: JsonFileKind = {
  noun: 'the Docker config',
  malformedHint: 'Fix or remove the file; docker itself cannot read it either.'
}

/**
 * Reads `<dir>/config.json`; a missing file is an empty config, a malformed one (or one a rewrite
 * would change: a key twice in one object) an error (json-file.ts).
 */
export function readDockerConfig(dir: string): Promise<DockerConfig> {
  return readJsonObject<DockerConfig>(join(dir, 'config.json'), DOCKER_CONFIG)
}

/**
 * Read-modify-write of `<dir>/config.json`, serialised within this process and, through a lock
 * file, against other ecr-login processes sharing the config (e.g. two jobs on one self-hosted
 * runner). The file is replaced atomically (temp file + rename) with its mode kept, so a reader
 * never sees half a file, and every key that `mutate` does not touch survives as it was.
 * Updates that arrive while a write is in progress are applied together (file-lock.ts).
 */
export function updateDockerConfig(dir: string, mutate: (config: DockerConfig) => void): Promise<void> {
  return updateLocked<DockerConfig>(
    {
      key: dir,
      lock: () => lockDockerConfig(dir),
      read: () => readDockerConfig(dir),
      write: config => writeDockerConfig(dir, config),
      lost: attempts =>
        new UserError(`Lost the lock ${lockPathOf(dir)} ${attempts} times while updating the Docker config.`)
    },
    mutate
  )
}

/** Writes `<dir>/config.json` atomically, as docker formats it, following a symlinked file. */
export function writeDockerConfig(dir: string, config: DockerConfig): Promise<void> {
  return writeJsonFile(join(dir, 'config.json'), config, DOCKER_CONFIG)
}

/** Writes config.json in a throw-away dir this process has just made (json-file.ts writeNewJsonFile). */
export function writeNewDockerConfig(dir: string, config: DockerConfig): Promise<void> {
  return writeNewJsonFile(join(dir, 'config.json'), config, DOCKER_CONFIG)
}

/**
 * A lock not refreshed for this long was left by a process that died (killed, or the runner went
 * away): it is taken over. A holder refreshes its lock every LOCK_UPDATE_MS, so a live holder's
 * lock never gets this old unless its event loop stalls for seconds.
 */
export const LOCK_STALE_MS = 4_000
const LOCK_UPDATE_MS = 1_000
// About 30 s of waiting in all, polling at most every 250 ms: holders keep the lock for
// milliseconds, so only a long queue of jobs on one runner waits more than a moment.
const LOCK_RETRIES = { retries: 130, factor: 1.5, minTimeout: 20, maxTimeout: 250, randomize: true }

/** The lock that serialises writers of `<dir>/config.json` (a directory, as proper-lockfile makes it). */
export function lockPathOf(dir: string): string {
  return join(dir, 'config.json.lock')
}

/** A held lock on a Docker config (file-lock.ts). */
export type ConfigLock = FileLock

/**
 * Takes the lock on `<dir>/config.json` (file-lock.ts: proper-lockfile, refreshed while held, a
 * stale one claimed by an atomic rename), naming the config when it stays held.
 */
export async function lockDockerConfig(dir: string): Promise<ConfigLock> {
  await ensureConfigDir(dir)
  const path = lockPathOf(dir)
  try {
    // Loaded on first use: a post step with nothing to log out of never pays for the library.
    return await lockFile(join(dir, 'config.json'), path, {
      staleMs: LOCK_STALE_MS,
      updateMs: LOCK_UPDATE_MS,
      retries: LOCK_RETRIES
    })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new UserError(
        `Timed out waiting for the lock ${path}, held by another process that is still writing the Docker config.`,
        'Another job on this runner is logging in or out with the same Docker config; if it is stuck, stop it. ' +
          `A lock left by a process that died is taken over after ${LOCK_STALE_MS / 1000} s.`
      )
    }
    throw await configDirError(dir, error)
  }
}

/** Creates the Docker config dir if needed; an unwritable one is a UserError naming the fix. */
export async function ensureConfigDir(dir: string): Promise<void> {
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 })
    await fs.access(dir, constants.W_OK)
  } catch (error) {
    throw await configDirError(dir, error)
  }
}

/**
 * Names why `dir` cannot be written. A recursive mkdir on a read-only file system reports ENOENT,
 * so the nearest directory that exists is asked too, which reports EROFS or EACCES.
 */
async function configDirError(dir: string, error: unknown): Promise<UserError> {
  let cause = (error as NodeJS.ErrnoException).code ?? (error as Error).message
  let above = dir
  while (dirname(above) !== above && !(await exists(above))) above = dirname(above)
  if (above !== dir) {
    const denied = await fs.access(above, constants.W_OK).then(
      () => undefined,
      (e: NodeJS.ErrnoException) => e.code
    )
    if (denied) cause = `${denied} at ${above}`
  }
  return new UserError(
    `The Docker config directory ${dir} cannot be created or written (${cause}), so no login can be saved.`,
    'Point DOCKER_CONFIG at a writable directory for the job, e.g. `DOCKER_CONFIG: ${{ runner.temp }}/docker-config` ' +
      'in the workflow’s env, or give the runner a writable HOME.'
  )
}

function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(
    () => true,
    () => false
  )
}

/**
 * Fills `dir` as a job's own Docker config: the user's settings without their logins, and every
 * other entry of the user's config dir (contexts/, buildx/, cli-plugins/, TLS certificates...)
 * reachable through a symlink, so the current context, builders and plugins keep working. Nothing
 * in the user's dir is written, and a missing one is not created.
 */
export async function seedJobDockerConfig(userDir: string, dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  await writeDockerConfig(dir, withoutAuths(await readDockerConfig(userDir)))
  const entries = await fs.readdir(userDir, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    // config.json itself, and the lock and temp files written beside it.
    if (entry.name.startsWith('config.json')) continue
    const from = join(userDir, entry.name)
    const to = join(dir, entry.name)
    // Junctions need no privilege on Windows; a file that cannot be linked there is copied.
    await fs
      .symlink(from, to, entry.isDirectory() ? 'junction' : 'file')
      .catch(() => (entry.isDirectory() ? undefined : fs.copyFile(from, to)))
  }
}

/**
 * The config without its logins: what a throw-away or job config starts from (Docker's config and
 * the containers auth file alike).
 */
export function withoutAuths<T extends { auths?: unknown }>(config: T): T {
  const { auths: _auths, ...rest } = config
  return { ...rest, auths: {} } as T
}

import * as fsCallbacks from 'node:fs'
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

/** Updates of one config waiting for the write in progress to finish; applied together. */
interface Batch {
  mutations: { apply: (config: DockerConfig) => void; error?: unknown }[]
  done: Promise<void>
}
const queues = new Map<string, { running: Promise<void>; next?: Batch }>()

/**
 * Read-modify-write of `<dir>/config.json`, serialised within this process and, through a lock
 * file, against other ecr-login processes sharing the config (e.g. two jobs on one self-hosted
 * runner). The file is replaced atomically (temp file + rename) with its mode kept, so a reader
 * never sees half a file, and every key that `mutate` does not touch survives as it was.
 *
 * Updates that arrive while a write is in progress are applied together in the next one: ten
 * logins finishing at once cost two locked writes, not ten.
 */
export function updateDockerConfig(dir: string, mutate: (config: DockerConfig) => void): Promise<void> {
  let queue = queues.get(dir)
  if (!queue) {
    queue = { running: Promise.resolve() }
    queues.set(dir, queue)
  }
  if (!queue.next) {
    const current = queue
    const batch = { mutations: [] } as unknown as Batch
    batch.done = current.running
      .catch(() => undefined)
      .then(() => {
        // From here on, later updates go into a new batch.
        if (current.next === batch) current.next = undefined
        return rewriteLocked(dir, config => {
          // One caller's failing update fails that caller, not the others in the batch.
          for (const mutation of batch.mutations) {
            try {
              mutation.apply(config)
            } catch (error) {
              mutation.error = error
            }
          }
        })
      })
    current.running = batch.done
    current.next = batch
    batch.done
      .finally(() => {
        if (queues.get(dir)?.running === batch.done) queues.delete(dir)
      })
      .catch(() => undefined)
  }
  const mutation: Batch['mutations'][number] = { apply: mutate }
  queue.next!.mutations.push(mutation)
  return queue.next!.done.then(() => {
    if (mutation.error !== undefined) throw mutation.error
  })
}

/** Attempts at a locked rewrite: a lock taken over before the write means starting again. */
const REWRITE_ATTEMPTS = 5

async function rewriteLocked(dir: string, mutate: (config: DockerConfig) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const lock = await lockDockerConfig(dir)
    try {
      const config = await readDockerConfig(dir)
      mutate(config)
      // Checked just before the write, so a writer that lost its lock never overwrites the new holder's work.
      if (await lock.owned()) return await writeDockerConfig(dir, config)
    } finally {
      await lock.release()
    }
    if (attempt === REWRITE_ATTEMPTS) {
      throw new UserError(
        `Lost the lock ${lockPathOf(dir)} ${attempt} times while updating the Docker config.`
      )
    }
  }
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

type Lockfile = typeof import('proper-lockfile')
let lockfileModule: Promise<Lockfile> | undefined
const loadLockfile = (): Promise<Lockfile> =>
  (lockfileModule ??= import('proper-lockfile').then(m => (m as unknown as { default: Lockfile }).default))

/**
 * Starts loading the lock library, so that it loads while a client process runs instead of after
 * it, when the merge needs it.
 */
export function preloadLock(): void {
  loadLockfile().catch(() => undefined)
}

/** The lock that serialises writers of `<dir>/config.json` (a directory, as proper-lockfile makes it). */
export function lockPathOf(dir: string): string {
  return join(dir, 'config.json.lock')
}

/** A held lock: `owned()` is false once another process has taken it over; `release()` frees it. */
export interface ConfigLock {
  owned(): Promise<boolean>
  release(): Promise<void>
}

/**
 * Takes the lock on `<dir>/config.json` with proper-lockfile, which refreshes it while held and
 * takes over one left by a dead process. Its stale takeover (rmdir, then mkdir) can remove a lock
 * that another waiter re-created in between (moxystudio/node-proper-lockfile#121), so a stale lock
 * is claimed here by an atomic rename instead (see claimStaleLock), and `owned()` lets the holder
 * check, just before it writes, that the lock is still the one it made.
 */
export async function lockDockerConfig(dir: string): Promise<ConfigLock> {
  await ensureConfigDir(dir)
  const path = lockPathOf(dir)
  let held = false
  let compromised = false
  const lockFs = {
    ...fsCallbacks,
    // proper-lockfile removes a lock in two cases: a stale one while acquiring, and its own on release.
    rmdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
      if (held) fsCallbacks.rmdir(target, callback)
      else claimStaleLock(target, LOCK_STALE_MS).then(() => callback(null), callback)
    }
  }
  // Loaded on first use (with graceful-fs, retry and signal-exit): a post step with nothing to
  // log out of never pays for it.
  const lockfile = await loadLockfile()
  let release: () => Promise<void>
  try {
    release = await lockfile.lock(join(dir, 'config.json'), {
      realpath: false,
      lockfilePath: path,
      stale: LOCK_STALE_MS,
      update: LOCK_UPDATE_MS,
      retries: LOCK_RETRIES,
      fs: lockFs,
      // The default throws from a timer, which would crash the step; owned() reports it instead.
      onCompromised: () => {
        compromised = true
      }
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
  held = true
  const { ino } = await fs.stat(path)
  const owned = async (): Promise<boolean> =>
    !compromised &&
    (await fs.stat(path).then(
      s => s.ino === ino,
      () => false
    ))
  return {
    owned,
    async release() {
      // Only our own lock: one taken over meanwhile belongs to its new holder.
      if (await owned()) await release().catch(() => undefined)
    }
  }
}

/**
 * Removes the lock at `path` if it is stale, without ever removing a live one: the lock is first
 * renamed to a name only this call knows (of two claimants only one rename succeeds), then its age
 * is checked again. A lock that turns out to be fresh (re-created since it was judged stale) is
 * put back, and the caller is told it is held (ELOCKED), so it waits and retries.
 */
export async function claimStaleLock(path: string, staleMs: number): Promise<void> {
  const claimed = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.stale`
  try {
    await fs.rename(path, claimed)
  } catch (error) {
    // Gone already: another waiter took it over; trying to lock again sorts out who is next.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw error
  }
  const { mtimeMs } = await fs.stat(claimed)
  if (mtimeMs < Date.now() - staleMs) {
    await fs.rm(claimed, { recursive: true, force: true })
    return
  }
  await fs.rename(claimed, path).catch(() => fs.rm(claimed, { recursive: true, force: true }))
  throw Object.assign(new Error(`The lock ${path} is held`), { code: 'ELOCKED' })
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

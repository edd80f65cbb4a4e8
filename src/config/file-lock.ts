import * as fsCallbacks from 'node:fs'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'

// The one way this action changes a file that other processes change too (Docker's config.json,
// the containers tools' auth.json): read, change and write it under a lock that other ecr-login
// processes honour, with concurrent updates of this process applied in as few writes as possible.

/** How a lock behaves: when a silent holder counts as dead, how often a live one says it is alive, how long to wait. */
export interface LockSettings {
  /** A lock not refreshed for this long was left by a process that died: it is taken over. */
  staleMs: number
  /** How often a holder refreshes its lock. */
  updateMs: number
  /** proper-lockfile's (node-retry's) schedule for waiting on a held lock. */
  retries: { retries: number; factor: number; minTimeout: number; maxTimeout: number; randomize: boolean }
}

/** A held lock: `owned()` is false once another process has taken it over; `release()` frees it. */
export interface FileLock {
  owned(): Promise<boolean>
  release(): Promise<void>
}

/** The file in a held lock (a directory) that names its holder. */
const OWNER_FILE = 'owner'

type Lockfile = typeof import('proper-lockfile')
let lockfileModule: Promise<Lockfile> | undefined
const loadLockfile = (): Promise<Lockfile> =>
  (lockfileModule ??= import('proper-lockfile').then(m => (m as unknown as { default: Lockfile }).default))

/**
 * Starts loading the lock library (with graceful-fs, retry and signal-exit), so that it loads while
 * a client process runs instead of after it, when the merge needs it.
 */
export function preloadLock(): void {
  loadLockfile().catch(() => undefined)
}

/**
 * Takes the lock on `file` (a directory at `lockPath`) with proper-lockfile, which refreshes it
 * while held and takes over one left by a dead process. Its stale takeover (rmdir, then mkdir) can
 * remove a lock that another waiter re-created in between (moxystudio/node-proper-lockfile#121),
 * so a stale lock is claimed here by an atomic rename instead (see claimStaleLock), and `owned()`
 * lets the holder check, just before it writes, that the lock still holds the nonce it wrote. A lock
 * that stays held past the retries rejects with proper-lockfile's ELOCKED error.
 */
export async function lockFile(file: string, lockPath: string, settings: LockSettings): Promise<FileLock> {
  let held = false
  let compromised = false
  // Proof of ownership only this holder has: a nonce written into the lock it made, before
  // proper-lockfile notes the lock's mtime. An inode number proves nothing (ext4 gives the lock
  // that a process which took it over re-made the same one at once), and neither does the
  // compromised flag alone (the refresh timer that sets it may run only after a stalled holder
  // has checked and written).
  const nonce = `${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}`
  const ownerFile = join(lockPath, OWNER_FILE)
  const lockFs = {
    ...fsCallbacks,
    mkdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
      fsCallbacks.mkdir(target, error => {
        if (error) return callback(error)
        fsCallbacks.writeFile(join(target, OWNER_FILE), nonce, { flag: 'wx' }, written => {
          if (!written) return callback(null)
          // A lock without its nonce is no one's: removed, and the error reported.
          fsCallbacks.rm(target, { recursive: true, force: true }, () => callback(written))
        })
      })
    },
    // proper-lockfile removes a lock in two cases: a stale one while acquiring, and its own on release.
    rmdir: (target: string, callback: (error: NodeJS.ErrnoException | null) => void) => {
      if (held) fsCallbacks.rmdir(target, callback)
      else claimStaleLock(target, settings.staleMs).then(() => callback(null), callback)
    }
  }
  const lockfile = await loadLockfile()
  const release = await lockfile.lock(file, {
    realpath: false,
    lockfilePath: lockPath,
    stale: settings.staleMs,
    update: settings.updateMs,
    retries: settings.retries,
    fs: lockFs,
    // The default throws from a timer, which would crash the step; owned() reports it instead.
    onCompromised: () => {
      compromised = true
    }
  })
  held = true
  const owned = async (): Promise<boolean> => {
    const text = await fs.readFile(ownerFile, 'utf8').catch(() => undefined)
    return text === nonce && !compromised
  }
  return {
    owned,
    async release() {
      // Only our own lock: one taken over meanwhile belongs to its new holder.
      if (!(await owned())) return
      await fs.rm(ownerFile, { force: true })
      await release().catch(() => undefined)
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

/** What a locked update needs to know about one file. */
export interface LockedFile<T> {
  /** Identifies the file within this process (updates of one key are queued together). */
  key: string
  lock(): Promise<FileLock>
  read(): Promise<T>
  write(content: T): Promise<void>
  /** The error when the lock was taken over before the write, REWRITE_ATTEMPTS times over. */
  lost(attempts: number): Error
}

/** Attempts at a locked rewrite: a lock taken over before the write means starting again. */
const REWRITE_ATTEMPTS = 5

/** Updates of one file waiting for the write in progress to finish; applied together. */
interface Batch {
  mutations: { apply: (content: never) => void; error?: unknown }[]
  done: Promise<void>
}
const queues = new Map<string, { running: Promise<void>; next?: Batch }>()

/**
 * Read-modify-write of a file, serialised within this process and, through its lock, against
 * other processes. Updates that arrive while a write is in progress are applied together in the
 * next one (ten logins finishing at once cost two locked writes, not ten); one caller's failing
 * update fails that caller, not the others in the batch.
 */
export function updateLocked<T>(file: LockedFile<T>, mutate: (content: T) => void): Promise<void> {
  let queue = queues.get(file.key)
  if (!queue) {
    queue = { running: Promise.resolve() }
    queues.set(file.key, queue)
  }
  if (!queue.next) {
    const current = queue
    const batch = { mutations: [] } as unknown as Batch
    batch.done = current.running
      .catch(() => undefined)
      .then(() => {
        // From here on, later updates go into a new batch.
        if (current.next === batch) current.next = undefined
        return rewriteLocked(file, content => {
          for (const mutation of batch.mutations) {
            try {
              ;(mutation.apply as (content: T) => void)(content)
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
        if (queues.get(file.key)?.running === batch.done) queues.delete(file.key)
      })
      .catch(() => undefined)
  }
  const mutation: Batch['mutations'][number] = { apply: mutate as (content: never) => void }
  queue.next!.mutations.push(mutation)
  return queue.next!.done.then(() => {
    if (mutation.error !== undefined) throw mutation.error
  })
}

async function rewriteLocked<T>(file: LockedFile<T>, mutate: (content: T) => void): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const lock = await file.lock()
    try {
      const content = await file.read()
      mutate(content)
      // Checked just before the write, so a writer that lost its lock never overwrites the new holder's work.
      if (await lock.owned()) return await file.write(content)
    } finally {
      await lock.release()
    }
    if (attempt === REWRITE_ATTEMPTS) throw file.lost(attempt)
  }
}

import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeFileSync,
  type Stats
} from 'node:fs'
import { dirname, resolve } from 'node:path'

// The cache holds registry passwords and the log is appended to on every run, so neither may be
// somewhere another user can plant a file or a symbolic link: with AWS_ECR_CACHE_DIR pointing at
// a directory someone else made, the helper would serve their password, or append to whatever
// file their `ecr-login.log` symlink names. Windows has no uid or mode bits to check.

const uid = process.getuid?.()
/** O_NOFOLLOW where the platform has it: opening a symbolic link fails with ELOOP. */
const NOFOLLOW = constants.O_NOFOLLOW ?? 0

/** A cache or log path the helper refuses to use; the message says why. */
export class UntrustedPath extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UntrustedPath'
  }
}

/** Throws UntrustedPath unless `stats` belong to this user and `forbidden` mode bits are clear. */
function checkOwner(path: string, stats: Stats, forbidden: number): void {
  if (uid === undefined) return
  if (stats.uid !== uid)
    throw new UntrustedPath(`${path} is owned by uid ${stats.uid}, not by this user (${uid})`)
  if (stats.mode & forbidden) {
    throw new UntrustedPath(`${path} is writable by other users (mode ${(stats.mode & 0o777).toString(8)})`)
  }
}

/**
 * Throws UntrustedPath unless `dir` is a directory owned by this user that neither group nor
 * others can write (both helpers create their directories 0700), reached through no symbolic link
 * another user made (checkLinks); ENOENT when it does not exist.
 */
export function checkPrivateDir(dir: string): void {
  checkLinks(dir)
  const stats = statSync(dir)
  if (!stats.isDirectory()) throw new UntrustedPath(`${dir} is not a directory`)
  checkOwner(dir, stats, 0o022)
}

/** Creates `dir` (0700, with any missing parents) unless it exists, then checks it as checkPrivateDir. */
export function makePrivateDir(dir: string): void {
  // Before mkdir too, which would create the missing parts wherever a planted link points.
  checkLinks(dir)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  checkPrivateDir(dir)
}

/**
 * Throws UntrustedPath when `path` or a directory above it is a symbolic link that neither this
 * user nor root made. statSync follows links, so the owner and mode checks alone would accept
 * `/tmp/shared/ecr` planted by another user as a link to a private directory of ours, and the
 * helper would then write into (and delete from) that directory. A link of our own (a dotfiles
 * `~/.ecr`) or the system's (`/var` on macOS) is followed. Parts that do not exist yet are skipped.
 * `path` itself is looked at every time; a directory above it only once per run (a warm `get`
 * checks the cache directory and those beside it five times).
 */
function checkLinks(path: string): void {
  if (uid === undefined) return
  const start = resolve(path)
  const passed: string[] = []
  for (let part = start; ; part = dirname(part)) {
    if (part !== start && checkedAbove.has(part)) break
    const stats = lstatSync(part, { throwIfNoEntry: false })
    if (stats?.isSymbolicLink() && stats.uid !== uid && stats.uid !== 0) {
      throw new UntrustedPath(
        `${part} is a symbolic link made by uid ${stats.uid}, not by this user (${uid})`
      )
    }
    if (stats) passed.push(part)
    if (dirname(part) === part) break
  }
  for (const part of passed) checkedAbove.add(part)
}

/** Existing directories checkLinks found no foreign link at, in this process. */
const checkedAbove = new Set<string>()

/**
 * Opens `file` without following a symbolic link at its last component (O_NOFOLLOW), then throws
 * UntrustedPath (closing it) unless it is a regular file with one name, owned by this user, with
 * none of the `forbidden` mode bits. Returns the descriptor.
 */
export function openPrivate(file: string, flags: number, forbidden: number, mode = 0o600): number {
  let fd: number
  try {
    fd = openSync(file, flags | NOFOLLOW, mode)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP')
      throw new UntrustedPath(`${file} is a symbolic link`)
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) throw new UntrustedPath(`${file} is not a regular file`)
    // A second name is a hard link someone made to a file of ours elsewhere.
    if (stats.nlink > 1) throw new UntrustedPath(`${file} has ${stats.nlink} hard links`)
    checkOwner(file, stats, forbidden)
    return fd
  } catch (error) {
    closeSync(fd)
    throw error
  }
}

/**
 * The bytes of a file only this user can write (see openPrivate); undefined when it does not
 * exist. Throws UntrustedPath for a symbolic link or someone else's file.
 */
export function readPrivateFile(file: string): Buffer | undefined {
  let fd: number
  try {
    fd = openPrivate(file, constants.O_RDONLY, 0o022)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    return readFileSync(fd)
  } finally {
    closeSync(fd)
  }
}

/** readPrivateFile as UTF-8 text. */
export function readPrivate(file: string): string | undefined {
  return readPrivateFile(file)?.toString('utf8')
}

/**
 * Replaces `file` with `data` (0600) atomically: written to a temp file created exclusively (so
 * never through a planted link) in the same directory, then renamed over it.
 */
export function writePrivate(file: string, data: string | Uint8Array): void {
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.${++tempCount}.tmp`
  writeFileSync(temp, data, { mode: 0o600, flag: 'wx' })
  try {
    renameSync(temp, file)
  } catch (error) {
    try {
      unlinkSync(temp)
    } catch {
      // Already gone; the rename error below is the one worth reporting.
    }
    throw error
  }
}

let tempCount = 0

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'

// The directories main makes for the job under RUNNER_TEMP (the job's configs, the helper's
// directory), as post finds them again: a path from state is trusted only when it is exactly
// such a directory, and removing one never follows a link into files the action did not make.

/** Where main makes the job's directories: RUNNER_TEMP, else (outside a runner) the system's temp dir. */
export function jobTemp(env: NodeJS.ProcessEnv): string {
  return env.RUNNER_TEMP || tmpdir()
}

/**
 * Whether `path` is a directory main made: a direct child of the job's temp dir whose name
 * `name` accepts, itself a directory (not a link or junction, lstat), owned by this user.
 */
export async function isJobDir(
  path: string,
  env: NodeJS.ProcessEnv,
  name: (base: string) => boolean,
  uid: number | undefined = process.getuid?.()
): Promise<boolean> {
  if (typeof path !== 'string' || !path) return false
  if (resolve(path) !== path || dirname(path) !== resolve(jobTemp(env)) || !name(basename(path))) return false
  const stats = await fs.lstat(path).catch(() => undefined)
  return !!stats && stats.isDirectory() && !stats.isSymbolicLink() && (uid === undefined || stats.uid === uid)
}

/** The file operations removeTree uses; tests inject Windows' behaviour. */
export interface TreeFs {
  lstat(path: string): Promise<{ isDirectory(): boolean; isSymbolicLink(): boolean }>
  readdir(path: string): Promise<string[]>
  unlink(path: string): Promise<void>
  rmdir(path: string): Promise<void>
}

const realFs: TreeFs = {
  lstat: path => fs.lstat(path),
  readdir: path => fs.readdir(path),
  unlink: path => fs.unlink(path),
  rmdir: path => fs.rmdir(path)
}

/**
 * Removes `dir` and what is in it, like `rm -rf` but never through a link: an entry that is itself
 * a link (a symlink, or a junction on Windows, which lstat reports as a link) is removed as a link,
 * never descended, so the user's contexts/ or plugins a job config links to stay as they are.
 * A missing `dir` is nothing to do.
 */
export async function removeTree(dir: string, tree: TreeFs = realFs): Promise<void> {
  const stats = await tree.lstat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (!stats) return
  if (stats.isSymbolicLink()) return removeLink(dir, tree)
  if (!stats.isDirectory()) return tree.unlink(dir)
  for (const name of await tree.readdir(dir)) await removeTree(join(dir, name), tree)
  await tree.rmdir(dir)
}

/** A link: unlinked; a directory junction or symlink on Windows refuses unlink (EPERM) and is removed with rmdir. */
async function removeLink(path: string, tree: TreeFs): Promise<void> {
  try {
    await tree.unlink(path)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EPERM' && code !== 'EISDIR') throw error
    await tree.rmdir(path)
  }
}

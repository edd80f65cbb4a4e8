import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { descendants } from '../../src/process.js'

/** Whether `pid` is a running process (not gone, not a zombie waiting to be reaped), on each OS. */
export function alive(pid: number): boolean {
  if (process.platform === 'win32') {
    try {
      process.kill(pid, 0)
      return true
    } catch {
      return false
    }
  }
  if (process.platform !== 'linux') {
    const stat = spawnSync('/bin/ps', ['-o', 'stat=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim()
    return stat !== '' && !stat.startsWith('Z')
  }
  if (!existsSync(`/proc/${pid}`)) return false
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

/** The pids of every descendant of `pid` now (Linux /proc): the walk the action itself uses to end a tree. */
export const descendantsOf = descendants

/** The command line of `pid`, for messages. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim()
  } catch {
    return '(gone)'
  }
}

/**
 * Records every descendant `pid` has while it runs (polling /proc), so a test can check afterwards
 * that none outlived it: a process orphaned by its parent is re-parented and no longer shows up
 * as a descendant, so it must be seen while the parent is alive.
 */
export function watchDescendants(pid: number, everyMs = 25): { seen: Set<number>; stop(): void } {
  const seen = new Set<number>()
  const poll = () => descendantsOf(pid).forEach(p => seen.add(p))
  poll()
  const timer = setInterval(poll, everyMs)
  return { seen, stop: () => clearInterval(timer) }
}

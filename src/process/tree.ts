import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { win32 } from 'node:path'

// Ending a process and everything it started, on each runner OS. docker runs a credential store
// helper (docker-credential-wincred, -osxkeychain, -pass...) as its child; a time-out or a
// cancelled job that ended only docker would leave that helper running, holding the job open.

/** What ending a tree needs from the system; injected so tests can pick the platform. */
export interface ProcessSystem {
  platform: NodeJS.Platform
  /** Sends `signal` to `pid`; throws when it is gone (or the platform lacks the signal). */
  kill(pid: number, signal: NodeJS.Signals): void
  /** Runs `program` to its end within a few seconds: its stdout, or undefined when it failed. */
  run(program: string, args: string[]): string | undefined
  env: NodeJS.ProcessEnv
}

export const realSystem: ProcessSystem = {
  platform: process.platform,
  kill: (pid, signal) => process.kill(pid, signal),
  run(program, args) {
    try {
      return execFileSync(program, args, {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5_000,
        windowsHide: true
      })
    } catch {
      return undefined
    }
  },
  env: process.env
}

/**
 * Ends `pid` and all its descendants, at once (no SIGTERM: a process past its time-out is stuck,
 * and docker handles SIGTERM by going on to start its next credential helper, which would then
 * outlive it).
 * - Windows has no signals to freeze a tree with: `taskkill /T /F` reads the tree from the
 *   processes' parent ids and ends it whole, the store helper with docker (and when docker is
 *   gone already, its children are found by their parent id: endWindowsTrees).
 * - Elsewhere the tree is frozen (SIGSTOP) before it is read, so nothing in it can start another
 *   process or exit and orphan its children (who would no longer show up as descendants), read
 *   again for a fork that was in flight, then killed.
 */
export function endTree(pid: number, system: ProcessSystem = realSystem): void {
  endTrees([pid], system)
}

/** endTree for several processes; on Windows one taskkill for all of them (each takes a while to start). */
export function endTrees(pids: number[], system: ProcessSystem = realSystem): void {
  if (!pids.length) return
  if (system.platform === 'win32') return endWindowsTrees(pids, system)
  for (const pid of pids) freezeAndKill(pid, system)
}

/**
 * taskkill fails for a process that is gone already (docker.exe exits on the Ctrl-C that cancels a
 * job) and then cannot walk to its children. Windows does not re-parent them: they keep the dead
 * parent's id, so a list of every process with its ParentProcessId still finds the store helper
 * or tool that outlived docker, and those are ended one by one.
 */
function endWindowsTrees(pids: number[], system: ProcessSystem): void {
  const system32 = win32.join(system.env.SystemRoot || system.env.windir || 'C:\\Windows', 'System32')
  const taskkill = (args: string[]) => system.run(win32.join(system32, 'taskkill.exe'), args)
  if (taskkill(['/T', '/F', ...pids.flatMap(pid => ['/PID', String(pid)])]) !== undefined) return
  const table = parsePs(
    system.run(win32.join(system32, 'WindowsPowerShell', 'v1.0', 'powershell.exe'), [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }'
    ]) ?? ''
  )
  // Only below a parent that is gone: a pid in the list again is another process that reuses it.
  const running = new Set([...table.values()].flat())
  const orphans = pids
    .filter(pid => !running.has(pid))
    .flatMap(pid => walk(pid, parent => table.get(parent) ?? []))
  // SIGKILL is TerminateProcess on Windows: the processes themselves, whatever taskkill managed.
  send(system, [...pids, ...orphans], 'SIGKILL')
}

function freezeAndKill(pid: number, system: ProcessSystem): void {
  send(system, [pid], 'SIGSTOP')
  const tree = descendants(pid, system)
  send(system, tree, 'SIGSTOP')
  const late = descendants(pid, system).filter(p => !tree.includes(p))
  send(system, [pid, ...tree, ...late], 'SIGKILL')
}

function send(system: ProcessSystem, pids: number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      system.kill(pid, signal)
    } catch {
      // Already gone.
    }
  }
}

/**
 * The pids of every descendant of `pid`: from /proc on Linux, from `ps -A -o pid=,ppid=` where
 * there is no /proc (macOS). Windows: not needed (taskkill walks the tree itself); empty.
 */
export function descendants(pid: number, system: ProcessSystem = realSystem): number[] {
  if (system.platform === 'win32') return []
  return walk(pid, system.platform === 'linux' ? procChildren : psChildren(system))
}

/** Every process below `pid`, given each process's children. */
function walk(pid: number, childrenOf: (parent: number) => number[]): number[] {
  const out: number[] = []
  const visit = (parent: number) => {
    for (const child of childrenOf(parent)) {
      if (out.includes(child) || child === pid) continue
      out.push(child)
      visit(child)
    }
  }
  visit(pid)
  return out
}

/** Linux: a multi-threaded parent (docker is Go) lists its children per thread. */
function procChildren(parent: number): number[] {
  let children = ''
  try {
    for (const task of readdirSync(`/proc/${parent}/task`)) {
      children += ` ${readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8')}`
    }
  } catch {
    return []
  }
  return children.split(/\s+/).filter(Boolean).map(Number)
}

/** One `ps` of the whole system, read as parent → children. */
function psChildren(system: ProcessSystem): (parent: number) => number[] {
  const table = parsePs(system.run('/bin/ps', ['-A', '-o', 'pid=,ppid=']) ?? '')
  return parent => table.get(parent) ?? []
}

/** `ps -o pid=,ppid=` output (two numbers a line) as parent pid → child pids. */
export function parsePs(text: string): Map<number, number[]> {
  const table = new Map<number, number[]>()
  for (const line of text.split('\n')) {
    const match = /^\s*(\d+)\s+(\d+)\s*$/.exec(line)
    if (!match) continue
    const [pid, ppid] = [Number(match[1]), Number(match[2])]
    table.set(ppid, [...(table.get(ppid) ?? []), pid])
  }
  return table
}

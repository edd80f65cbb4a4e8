import { AsyncLocalStorage } from 'node:async_hooks'
import type { ChildProcess } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'
import { readdirSync, readFileSync } from 'node:fs'
import { getExecOutput } from '@actions/exec'

/** How one process ended. `code` is -1 when it was killed (time-out or cancellation). */
export interface ProcessResult {
  code: number
  stdout: string
  stderr: string
  /** It ran past its time-out and was ended, with everything it started. */
  timedOut: boolean
}

export interface ProcessOptions {
  /**
   * Written to stdin, which is then closed: the only way a password reaches a process. A promise
   * starts the process now and writes its value when it settles (the time-out counts from then);
   * if it rejects, the process is ended.
   */
  input?: string | Promise<string>
  env?: NodeJS.ProcessEnv
  /**
   * End the process (and its descendants) after this long; default: the time-out of the
   * enclosing `withProcessTimeout`, else DEFAULT_TIMEOUT_MS.
   */
  timeoutMs?: number
}

/** Runs one program and captures its output; injected so tests can drive a fake. */
export type ProcessRunner = (tool: string, args: string[], options: ProcessOptions) => Promise<ProcessResult>

/** No process this action starts may outlive this unless its caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000

/** After SIGKILL, how long exec gets to report the process gone before the caller stops waiting. */
const REAP_GRACE_MS = 4_000

// @actions/exec spawns and reaps the process but hands back neither it nor a way to stop it. Node
// publishes every ChildProcess it creates on the built-in `child_process` diagnostics channel, in
// the caller's async context, so the run that started it (an AsyncLocalStorage store) can claim
// it: that is how a time-out or a cancelled job ends a process exec started.
interface Run {
  child?: ChildProcess
  /** Called once the child exists. */
  spawned?: (child: ChildProcess) => void
}
const runs = new AsyncLocalStorage<Run>()
const live = new Set<ChildProcess>()
// The time-out a caller set for every process started inside its work (one login attempt), so
// that the bound reaches the processes of any client without a parameter on each method.
const timeouts = new AsyncLocalStorage<number>()
let refusing = false
subscribe('child_process', message => {
  const child = (message as { process: ChildProcess }).process
  const run = runs.getStore()
  if (!run) return
  run.child = child
  live.add(child)
  child.once('exit', () => live.delete(child))
  // exec writes a string input right after spawning, without a listener: a child that exits before
  // reading it (docker logout) would turn the EPIPE into a crash. 'spawn' comes before that error.
  child.once('spawn', () => child.stdin?.on('error', () => undefined))
  run.spawned?.(child)
})

/** The default ProcessRunner: @actions/exec, silent (nothing echoed), with a time-out. */
export const execProcess: ProcessRunner = async (tool, args, options) => {
  if (refusing) throw new ProcessesEndedError(tool)
  const run: Run = {}
  const timeoutMs = options.timeoutMs ?? timeouts.getStore() ?? DEFAULT_TIMEOUT_MS
  let timedOut = false
  let timer: NodeJS.Timeout | undefined
  let giveUp: NodeJS.Timeout | undefined
  const deferred = typeof options.input === 'string' ? undefined : options.input
  const spawned = new Promise<ChildProcess>(resolve => (run.spawned = resolve))
  const exec = runs.run(run, () =>
    getExecOutput(tool, args, {
      // exec writes a string input at spawn; a deferred one goes to the child's stdin below.
      input: typeof options.input === 'string' ? Buffer.from(options.input) : undefined,
      env: options.env as Record<string, string> | undefined,
      // silent: exec would otherwise echo the command line and the output into the job log.
      silent: true,
      ignoreReturnCode: true,
      // After the exit event, how long exec waits for a grandchild to let go of the pipes.
      delay: 1_000
    })
  )
  // Even a process that ignores SIGKILL (stuck in the kernel) cannot hold the caller past this.
  let finished = false
  let startTimer = (): void => undefined
  const abandoned = new Promise<null>(resolve => {
    startTimer = () => {
      if (finished) return
      timer = setTimeout(() => {
        timedOut = true
        if (run.child) endTree(run.child)
        giveUp = setTimeout(() => resolve(null), REAP_GRACE_MS)
        giveUp.unref()
      }, timeoutMs)
    }
  })
  if (!deferred) startTimer()
  else {
    // Handled here at once: the caller may reject it before the child even exists.
    deferred.catch(() => undefined)
    void spawned.then(child => {
      // A child that exits before reading its input must not turn the write into a crash.
      child.stdin?.on('error', () => undefined)
      deferred.then(
        value => {
          child.stdin?.end(value)
          startTimer()
        },
        () => endTree(child)
      )
    })
  }
  try {
    const out = await Promise.race([exec, abandoned])
    if (!out) return { code: -1, stdout: '', stderr: '', timedOut: true }
    // exec reports a signalled process as exit code null.
    const code = typeof out.exitCode === 'number' ? out.exitCode : -1
    return { code: timedOut ? -1 : code, stdout: out.stdout, stderr: out.stderr, timedOut }
  } finally {
    finished = true
    clearTimeout(timer)
    clearTimeout(giveUp)
  }
}

/** Runs `work` with `timeoutMs` as the default time-out of every process it starts through execProcess. */
export function withProcessTimeout<T>(timeoutMs: number, work: () => Promise<T>): Promise<T> {
  return timeouts.run(timeoutMs, work)
}

/** Thrown by execProcess once `endAllProcesses({ refuseNew: true })` was called: the step is being cancelled. */
export class ProcessesEndedError extends Error {
  constructor(tool: string) {
    super(`${tool} was not started: the step is being cancelled`)
    this.name = 'ProcessesEndedError'
  }
}

/**
 * Ends every process this module started that is still running, with its descendants, and returns
 * how many there were. With `refuseNew` (a cancelled job), later execProcess calls throw instead
 * of starting anything.
 */
export function endAllProcesses(options: { refuseNew?: boolean } = {}): number {
  if (options.refuseNew) refusing = true
  for (const child of live) endTree(child)
  return live.size
}

/** How many processes started through execProcess are still running (for tests and exit checks). */
export function liveProcessCount(): number {
  return live.size
}

/**
 * Ends `child` and everything it started. The tree is frozen (SIGSTOP) before it is read and then
 * killed outright: a process past its time-out is stuck, and a gentler SIGTERM lets docker, which
 * handles it, go on to start its next credential helper, which then outlives it. Descendants are
 * found through /proc where there is one; elsewhere only the child itself is signalled.
 */
function endTree(child: ChildProcess): void {
  if (!child.pid) return
  const send = (pids: number[], name: NodeJS.Signals) => {
    for (const pid of pids) {
      try {
        process.kill(pid, name)
      } catch {
        // Already gone (or a signal this platform lacks).
      }
    }
  }
  send([child.pid], 'SIGSTOP')
  const tree = descendants(child.pid)
  send(tree, 'SIGSTOP')
  // A fork in flight when the parent was frozen shows up only now.
  const late = descendants(child.pid).filter(pid => !tree.includes(pid))
  send([child.pid, ...tree, ...late], 'SIGKILL')
}

/** The pids of every descendant of `pid` (Linux /proc; empty elsewhere). */
export function descendants(pid: number): number[] {
  const out: number[] = []
  const walk = (parent: number) => {
    // A multi-threaded parent (docker is Go) lists children per thread.
    let children = ''
    try {
      for (const task of readdirSync(`/proc/${parent}/task`)) {
        children += ` ${readFileSync(`/proc/${parent}/task/${task}/children`, 'utf8')}`
      }
    } catch {
      return
    }
    for (const child of children.split(/\s+/).filter(Boolean).map(Number)) {
      out.push(child)
      walk(child)
    }
  }
  walk(pid)
  return out
}

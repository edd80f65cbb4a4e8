import { AsyncLocalStorage } from 'node:async_hooks'
import type { ChildProcess } from 'node:child_process'
import { getExecOutput } from '@actions/exec'
import { claimChildren } from './process/claim.js'
import { endTree, endTrees } from './process/tree.js'

export { descendants } from './process/tree.js'

/** How one process ended. `code` is -1 when it was killed (time-out or cancellation). */
export interface ProcessResult {
  code: number
  stdout: string
  stderr: string
  /** It ran past its time-out and was ended, with everything it started (absent: it did not). */
  timedOut?: boolean
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
   * Called once the process has started, on the next turn of the event loop: work the caller needs
   * only after the process (loading code for the merge that follows) runs while it does. It must
   * not throw.
   */
  onSpawn?: () => void
  /**
   * End the process (and its descendants) after this long. Callers that know their bound pass it
   * here; only when they do not does the enclosing `withProcessTimeout` apply, else
   * DEFAULT_TIMEOUT_MS.
   */
  timeoutMs?: number
}

/**
 * The one process seam: runs `program` with `args` and captures its output. Every client (docker,
 * podman, buildah, skopeo) takes one; tests inject a fake, the entries pass execProcess.
 */
export type ProcessRunner = (
  program: string,
  args: string[],
  options: ProcessOptions
) => Promise<ProcessResult>

/** No process this action starts may outlive this unless its caller says otherwise. */
export const DEFAULT_TIMEOUT_MS = 60_000

/** After SIGKILL, how long exec gets to report the process gone before the caller stops waiting. */
const REAP_GRACE_MS = 4_000

/** The children execProcess started that still run: what a cancelled step ends. */
const live = new Set<ChildProcess>()
/** Set once the step is being cancelled: execProcess then starts nothing. */
let refusing = false
/**
 * The fallback time-out of `withProcessTimeout`: retry.ts bounds one login attempt of any client
 * this way, as RegistryClient's methods carry no time-out of their own.
 */
const timeouts = new AsyncLocalStorage<number>()

/** The default ProcessRunner: @actions/exec, silent (nothing echoed), with a time-out. */
export const execProcess: ProcessRunner = async (tool, args, options) => {
  if (refusing) throw new ProcessesEndedError(tool)
  let child: ChildProcess | undefined
  const timeoutMs = options.timeoutMs ?? timeouts.getStore() ?? DEFAULT_TIMEOUT_MS
  let timedOut = false
  let timer: NodeJS.Timeout | undefined
  let giveUp: NodeJS.Timeout | undefined
  const deferred = typeof options.input === 'string' ? undefined : options.input
  let spawned: (child: ChildProcess) => void = () => undefined
  const spawning = new Promise<ChildProcess>(resolve => (spawned = resolve))
  // exec hands back no ChildProcess: claim.ts catches it as node creates it.
  const claim = (claimed: ChildProcess) => {
    child = claimed
    live.add(claimed)
    claimed.once('exit', () => live.delete(claimed))
    // A child may exit before it reads its input (docker logout never does): exec's write then
    // fails with EPIPE, an 'error' event exec leaves unhandled, which would end this process. The
    // exit code says what happened. ('spawn' is emitted before that error: both are next ticks.)
    claimed.once('spawn', () => claimed.stdin?.on('error', () => undefined))
    if (options.onSpawn) setImmediate(options.onSpawn)
    spawned(claimed)
  }
  const exec = claimChildren(claim, () =>
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
        if (child?.pid) endTree(child.pid)
        giveUp = setTimeout(() => resolve(null), REAP_GRACE_MS)
        giveUp.unref()
      }, timeoutMs)
    }
  })
  if (!deferred) startTimer()
  else {
    // Handled here at once: the caller may reject it before the child even exists.
    deferred.catch(() => undefined)
    void spawning.then(started => {
      deferred.then(
        value => {
          started.stdin?.end(value)
          startTimer()
        },
        () => started.pid && endTree(started.pid)
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

/**
 * Runs `work` with `timeoutMs` as the time-out of every process it starts through execProcess
 * without one of its own (`ProcessOptions.timeoutMs` comes first).
 */
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
  endTrees([...live].flatMap(child => (child.pid ? [child.pid] : [])))
  return live.size
}

/** How many processes started through execProcess are still running (for tests and exit checks). */
export function liveProcessCount(): number {
  return live.size
}

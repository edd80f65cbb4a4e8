import { endAllProcesses } from './process.js'
import type { Runner } from './runner.js'

// How an entry ends. A cancelled job sends the step SIGINT, then SIGTERM a few seconds later, then
// SIGKILL; on Windows the runner sends Ctrl-C (SIGINT in node), then Ctrl-Break (SIGBREAK), then
// ends the process. Node's default for each is to die on the spot, leaving docker children running
// and throw-away config dirs (which hold the registry password) on disk. And a finished step must
// not wait for sockets its libraries left open (a proxy that never answered a CONNECT).

/** The signals that cancel a step, by platform, with the numbers of their exit codes (128 + n). */
const SIGNALS: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGTERM: 15 }
const WINDOWS_SIGNALS: Partial<Record<NodeJS.Signals, number>> = { ...SIGNALS, SIGBREAK: 21 }

const cleanups = new Set<() => void>()

/** How long a cancelled step's story may take to unwind (print its failure) before the step exits. */
export const UNWIND_MS = 3_000

/** Registers a synchronous clean-up (removing a temp dir) for a cancelled step; returns its removal. */
export function onCancel(cleanup: () => void): () => void {
  cleanups.add(cleanup)
  return () => void cleanups.delete(cleanup)
}

/**
 * On SIGINT or SIGTERM (and SIGBREAK on Windows): end every child process (with what it started)
 * and refuse new ones, run the clean-ups, let the story unwind for up to UNWIND_MS, then exit. Main
 * saves its state after each login, so post still logs out of every registry main got into. A
 * second signal exits at once. Returns what removes the handlers (for tests).
 */
export function exitOnSignals(
  runner: Runner,
  exit: (code: number) => void = exitFlushed,
  platform: NodeJS.Platform = process.platform
): () => void {
  const signals = platform === 'win32' ? WINDOWS_SIGNALS : SIGNALS
  let cancelled = false
  const onSignal = (signal: NodeJS.Signals) => {
    const code = 128 + (signals[signal] ?? 0)
    if (cancelled) return exit(code)
    cancelled = true
    const ended = endAllProcesses({ refuseNew: true })
    for (const cleanup of cleanups) {
      try {
        cleanup()
      } catch {
        // Best effort: the next clean-up still runs.
      }
    }
    cleanups.clear()
    runner.info(
      `Received ${signal}: the step is being cancelled` +
        (ended ? `; ended ${ended === 1 ? '1 process' : `${ended} processes`} it had started.` : '.')
    )
    setTimeout(() => exit(code), UNWIND_MS).unref()
  }
  const handlers = Object.keys(signals).map(name => {
    const signal = name as NodeJS.Signals
    const handler = () => onSignal(signal)
    process.on(signal, handler)
    return () => void process.off(signal, handler)
  })
  return () => handlers.forEach(remove => remove())
}

/**
 * Exits with the step's exit code once stdout has been flushed, rather than when the event loop
 * drains: an idle keep-alive socket, or one stuck on a proxy that never answered, would otherwise
 * keep a finished step running until the job's time-out.
 */
export function exitFlushed(code = Number(process.exitCode ?? 0)): void {
  process.stdout.write('', () => process.exit(code))
}

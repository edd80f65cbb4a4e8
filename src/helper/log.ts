import { closeSync, constants, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { format } from 'node:util'
import { redact, redactUrlsIn } from '../redact.js'
import { checkPrivateDir, makePrivateDir, openPrivate } from './private-files.js'

/**
 * The helper's log. Docker reads the helper's stdout as the protocol answer and shows its stderr
 * to users, so every diagnostic goes to a file instead, as the Go helper does.
 */
export interface Log {
  debug(message: string): void
  info(message: string): void
  error(message: string): void
  /** Registers a value (a password) that must never reach the log, in any spelling redact.ts knows. */
  secret(value: string): void
}

/** A log that drops everything: for tests, and when the log file cannot be written. */
export const nullLog: Log = {
  debug() {},
  info() {},
  error() {},
  secret() {}
}

/** `<cache dir>/log/ecr-login.log`, the Go helper's log path. */
export function logFileOf(cacheDir: string): string {
  return join(cacheDir, 'log', 'ecr-login.log')
}

const APPEND = constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT

/**
 * Appends logrus-style lines (`time="…" level=… msg="…"`) to `file` (logFileOf's layout),
 * creating its directory (0700) and the file (0600) on first use. Writes are synchronous so nothing is lost when the
 * helper exits right after answering; a failed write is ignored, since logging must never turn a
 * good answer into a failure. A directory (the log's or the cache's above it) or a file someone
 * else owns or can write, a symbolic link
 * or a hard-linked file is never written to (private-files.ts); the Go helper's own log, 0664
 * under a umask of 002, is accepted: only others' write bit refuses a file.
 */
export function fileLog(file: string, now: () => Date = () => new Date()): Log {
  const secrets = new Set<string>()
  let state: 'new' | 'ready' | 'refused' = 'new'
  const write = (level: string, message: string): void => {
    if (state === 'refused') return
    const clean = redact(redactUrlsIn(message), secrets)
    const line = `time="${now().toISOString()}" level=${level} msg=${JSON.stringify(clean)}\n`
    try {
      if (state === 'new') {
        makePrivateDir(dirname(file))
        // The cache directory above it, too: a log dir of ours inside someone else's directory
        // could be swapped for a link to another of ours.
        checkPrivateDir(dirname(dirname(file)))
      }
      state = 'ready'
      const fd = openPrivate(file, APPEND, 0o002)
      try {
        writeSync(fd, line)
      } finally {
        closeSync(fd)
      }
    } catch {
      // A read-only home, a full disk or a foreign file must not break `docker pull`; a log we
      // may not write to stays closed for the rest of the run.
      state = 'refused'
    }
  }
  return {
    debug: message => write('debug', message),
    info: message => write('info', message),
    error: message => write('error', message),
    secret: value => {
      if (value) secrets.add(value)
    }
  }
}

/**
 * Sends process warnings (e.g. the AWS SDK's NodeVersionSupportWarning) to the log instead of
 * stderr: the helper's stderr is not a place for diagnostics, and Node prints warnings there by
 * default through a listener installed at start-up.
 */
export function captureWarnings(log: Log, target: NodeJS.Process = process): void {
  target.removeAllListeners('warning')
  target.on('warning', warning => log.info(`${warning.name}: ${warning.message}`))
}

/**
 * Sends console output to the log: the SDK's HTTP handler reports a request past its time-out
 * with console.warn (its default logger), which would reach docker's stderr, and anything on
 * console.log would corrupt the protocol answer on stdout.
 */
export function captureConsole(
  log: Log,
  target: Pick<Console, 'debug' | 'info' | 'log' | 'warn' | 'error'> = console
): void {
  target.debug = (...args: unknown[]) => log.debug(format(...args))
  target.log = target.info = (...args: unknown[]) => log.info(format(...args))
  target.warn = (...args: unknown[]) => log.info(`warning: ${format(...args)}`)
  target.error = (...args: unknown[]) => log.error(format(...args))
}

import { appendFileSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { redact, redactUrlsIn } from '../redact.js'

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

/**
 * Appends logrus-style lines (`time="…" level=… msg="…"`) to `file`, creating its directory
 * (0700) and the file (0600) on first use. Writes are synchronous so nothing is lost when the
 * helper exits right after answering; a failed write is ignored, since logging must never turn a
 * good answer into a failure.
 */
export function fileLog(file: string, now: () => Date = () => new Date()): Log {
  const secrets = new Set<string>()
  let ready = false
  const write = (level: string, message: string): void => {
    const clean = redact(redactUrlsIn(message), secrets)
    const line = `time="${now().toISOString()}" level=${level} msg=${JSON.stringify(clean)}\n`
    try {
      if (!ready) {
        mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
        ready = true
      }
      appendFileSync(file, line, { mode: 0o600 })
    } catch {
      // A read-only home or a full disk must not break `docker pull`.
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

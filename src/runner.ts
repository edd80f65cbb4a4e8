import { appendFileSync, existsSync, writeSync } from 'node:fs'
import { EOL } from 'node:os'
import { delimiter } from 'node:path'

/** The slice of the Actions runner protocol the action uses, so tests can drive it with a plain object. */
export interface Runner {
  getInput(name: string): string
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  setSecret(value: string): void
  addPath(dir: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
  setFailed(message: string): void
}

// The runner protocol is implemented here rather than through @actions/core: core 3 loads undici
// for its OIDC client, which cost ~60 ms of start-up in every job and is never used here. What
// follows is the same wire format core writes (toolkit docs: "workflow commands" and
// "environment files").

/** Escapes a workflow command's data as @actions/core does, so a message cannot inject a command. */
export function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

function command(name: string, message: string, write: (line: string) => void): void {
  write(`::${name}::${escapeData(message)}${EOL}`)
}

/**
 * The `name<<delimiter` block of an environment file; the random delimiter stops value injection.
 * (Web Crypto's randomUUID: node:crypto would be loaded at start-up by every step, ~5 ms.)
 */
export function fileCommandBlock(
  name: string,
  value: string,
  uuid: string = globalThis.crypto.randomUUID()
): string {
  const mark = `ghadelimiter_${uuid}`
  if (name.includes(mark) || value.includes(mark)) {
    throw new Error(`Unexpected input: name or value contains the delimiter ${mark}`)
  }
  return `${name}<<${mark}${EOL}${value}${EOL}${mark}${EOL}`
}

/**
 * Writes to fd 1 directly. The first `process.stdout.write` builds a stream over the pipe and
 * costs ~6 ms of every step's start-up; a blocking write of a log line does not. If the pipe is
 * ever non-blocking and full (EAGAIN), the stream takes over; then the result is true, and a
 * caller about to exit must let the stream flush.
 */
export function writeStdout(text: string): boolean {
  let rest = Buffer.from(text)
  try {
    while (rest.length) rest = rest.subarray(writeSync(1, rest))
    return false
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    process.stdout.write(rest)
    return true
  }
}

/** A Runner writing to the given environment and stdout: the real one, or one a test points at temp files. */
export function createRunner(
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = writeStdout
): Runner {
  const toFile = (variable: string, text: string): boolean => {
    const file = env[variable]
    if (!file) return false
    if (!existsSync(file)) throw new Error(`Missing file at path: ${file} (${variable})`)
    appendFileSync(file, text, { encoding: 'utf8' })
    return true
  }
  const keyValue = (variable: string, legacy: string, name: string, value: string): void => {
    if (toFile(variable, fileCommandBlock(name, value))) return
    // Runners older than environment files: the deprecated stdout commands.
    write(`${EOL}::${legacy} name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
  }
  return {
    getInput: name => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '',
    setOutput: (name, value) => keyValue('GITHUB_OUTPUT', 'set-output', name, value),
    saveState: (name, value) => keyValue('GITHUB_STATE', 'save-state', name, value),
    getState: name => env[`STATE_${name}`] ?? '',
    setSecret: value => command('add-mask', value, write),
    addPath: dir => {
      if (!toFile('GITHUB_PATH', `${dir}${EOL}`)) command('add-path', dir, write)
      env.PATH = `${dir}${delimiter}${env.PATH ?? ''}`
    },
    info: message => write(`${message}${EOL}`),
    warning: message => command('warning', message, write),
    error: message => command('error', message, write),
    debug: message => command('debug', message, write),
    setFailed: message => {
      process.exitCode = 1
      command('error', message, write)
    }
  }
}

function escapeProperty(value: string): string {
  return escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/** The runner of the process the Actions runner started. */
export const actionsRunner: Runner = createRunner()

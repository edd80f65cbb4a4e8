import type { Credentials } from './credentials.js'
import { nullLog, type Log } from './log.js'
import { getAnswer, goJson, payload } from './wire.js'

// The protocol's text formats live in wire.ts, which the warm-cache path loads without this file.
export { goJson, payload } from './wire.js'

/** The program name docker looks for on PATH (`credsStore: "ecr-login"`). */
export const PROGRAM = 'docker-credential-ecr-login'

/** Everything the protocol touches; the entry passes the real process, tests pass plain values. */
export interface CliDeps {
  /** The arguments after the program name. */
  argv: string[]
  /** Reads all of stdin; called only by actions that take input, so `version` never blocks on a TTY. */
  readStdin(): Promise<string>
  stdout(text: string): void
  env: NodeJS.ProcessEnv
  credentials: Credentials
  /** This package's version, for `version`. */
  version: string
  log?: Log
}

const USAGE = `Usage: ${PROGRAM} <store|get|erase|list|version>`
const NOT_IMPLEMENTED = 'not implemented'
const MISSING_SERVER_URL = 'no credentials server URL'
const MISSING_USERNAME = 'no credentials username'

/**
 * The Docker credential-helper protocol (docker-credential-helpers' `Serve`): one action
 * argument, the payload on stdin, the answer or the error on stdout. Returns the exit code.
 */
export async function runCli(deps: CliDeps): Promise<number> {
  const log = deps.log ?? nullLog
  const fail = (message: string): number => {
    deps.stdout(`${message}\n`)
    return 1
  }
  if (deps.argv.length !== 1) return fail(USAGE)
  const [action] = deps.argv
  const ignoreStorage = deps.env.AWS_ECR_IGNORE_CREDS_STORAGE === 'true'
  try {
    switch (action) {
      case '--version':
      case '-v':
      case 'version':
        deps.stdout(`${PROGRAM} (ecr-login) ${deps.version}\n`)
        return 0
      case '--help':
      case '-h':
        deps.stdout(`${USAGE}\n`)
        return 0
      case 'get': {
        const serverUrl = payload(await deps.readStdin())
        if (!serverUrl) return fail(MISSING_SERVER_URL)
        try {
          deps.stdout(getAnswer(serverUrl, await deps.credentials.get(serverUrl)))
          return 0
        } catch (error) {
          return fail((error as Error).message)
        }
      }
      case 'store': {
        // Docker sends {"ServerURL","Username","Secret"}; validated as docker-credential-helpers does.
        const creds = parseStoreInput(payload(await deps.readStdin()))
        if (typeof creds === 'string') return fail(creds)
        if (ignoreStorage) {
          log.debug(`Ignoring store for ${creds.serverUrl} (AWS_ECR_IGNORE_CREDS_STORAGE=true)`)
          return 0
        }
        return fail(NOT_IMPLEMENTED)
      }
      case 'erase': {
        const serverUrl = payload(await deps.readStdin())
        if (!serverUrl) return fail(MISSING_SERVER_URL)
        if (ignoreStorage) {
          log.debug(`Ignoring erase for ${serverUrl} (AWS_ECR_IGNORE_CREDS_STORAGE=true)`)
          return 0
        }
        return fail(NOT_IMPLEMENTED)
      }
      case 'list': {
        const all = await deps.credentials.list()
        const sorted: Record<string, string> = {}
        for (const key of Object.keys(all).sort()) sorted[key] = all[key]
        deps.stdout(`${goJson(sorted)}\n`)
        return 0
      }
      default:
        return fail(`${PROGRAM}: unknown action: ${action}`)
    }
  } catch (error) {
    log.error(`${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    return fail((error as Error)?.message || String(error))
  }
}

function parseStoreInput(text: string): { serverUrl: string; username: string } | string {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return (error as Error).message
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return 'credentials must be a JSON object'
  }
  // Go's encoding/json matches field names case-insensitively.
  const field = (name: string): string => {
    const key = Object.keys(data).find(k => k.toLowerCase() === name.toLowerCase())
    const value = key === undefined ? undefined : (data as Record<string, unknown>)[key]
    return typeof value === 'string' ? value : ''
  }
  const serverUrl = field('ServerURL')
  const username = field('Username')
  if (!serverUrl) return MISSING_SERVER_URL
  if (!username) return MISSING_USERNAME
  return { serverUrl, username }
}

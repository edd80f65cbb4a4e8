import { execProcess, type ProcessRunner } from '../process.js'
import { redact } from '../redact.js'
import { envPath, findOnPath } from './client.js'
import { stdinOf } from './core.js'

/**
 * How long a credential store gets to take one token: its own short bound, not
 * login-timeout × retries, so that a store that waits for a prompt nobody answers (a locked
 * keychain, Docker Desktop's store with no desktop) costs seconds, not the job.
 */
export const STORE_TIMEOUT_MS = 5_000

/** Talks to the `docker-credential-<name>` programs (the docker-credential-helpers protocol); post erases through docker logout. */
export interface StorePrograms {
  /**
   * Stores `secret` for `host` (`store`, the JSON credential on stdin, never in argv). Undefined
   * when the store took it, else why not: its answer (redacted), its exit code, or its time-out.
   */
  store(name: string, host: string, username: string, secret: string): Promise<string | undefined>
}

/** The real programs on `env.PATH`, run through the process seam. */
export function storePrograms(
  env: NodeJS.ProcessEnv,
  run: ProcessRunner = execProcess,
  timeoutMs = STORE_TIMEOUT_MS
): StorePrograms {
  return {
    async store(name, host, username, secret) {
      const program = `docker-credential-${name}`
      const path = findOnPath(program, envPath(env))
      if (!path) return `${program} is not on PATH`
      const input = JSON.stringify({ ServerURL: host, Username: username, Secret: secret })
      const result = await run(path, ['store'], { input: stdinOf(input), env, timeoutMs }).catch(
        (error: unknown) => ({
          code: -1,
          stdout: '',
          stderr: (error as Error).message,
          timedOut: false
        })
      )
      if (result.timedOut) return `it did not answer within ${timeoutMs / 1000} s`
      if (result.code === 0) return undefined
      const said = redact((result.stdout || result.stderr).trim(), [secret]).slice(0, 500)
      return said ? `it answered: ${said}` : `it exited with code ${result.code}`
    }
  }
}

import { failureOf, isRetryable } from './clients/failure.js'
import { messageOf, TimedOutError, UserError } from './errors.js'
import { INPUTS } from './inputs.js'
import type { RegistryClient } from './clients/client.js'

/** The part of a registry client that logs in and out. */
export type LoginClient = Pick<RegistryClient, 'login' | 'logout'>

/** How hard to try: from the login-retries and login-timeout inputs. */
export interface RetryPolicy {
  /** Extra login attempts after the first, for transient failures only. */
  retries: number
  /** How long one attempt (or one logout) may run; its processes are ended after that. */
  timeoutMs: number
  /** Where each retry is announced (the job log). */
  log(message: string): void
  /** Injected by tests; real timers otherwise. */
  sleep?(ms: number): Promise<void>
  random?(): number
  now?(): number
}

/** The pause before the first retry; each later one doubles, up to MAX_DELAY_MS. */
export const BASE_DELAY_MS = 1_000
export const MAX_DELAY_MS = 8_000

/**
 * Why a failed login may succeed if tried again (a short label for the log), or undefined when it
 * would fail the same way: credentials refused, a bad host, no docker or daemon, a credential store
 * that refused, a cancelled step. The client classified the failure (clients/failure.ts).
 */
export function transientReason(error: unknown): string | undefined {
  const { kind, reason } = failureOf(error)
  return isRetryable(kind) ? (reason ?? kind) : undefined
}

/**
 * The pause before retry `n` (1 for the first): 1 s, 2 s, 4 s, then 8 s at most, each ±25 % at
 * random so that the jobs of one workflow that failed together do not all retry together.
 */
export function retryDelayMs(n: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** (n - 1), MAX_DELAY_MS)
  return Math.round(base * (0.75 + random() * 0.5))
}

/**
 * `client` with every login and logout bounded by `policy.timeoutMs`, passed to the client (the
 * processes of an attempt that runs longer are ended, with everything they started), and each login that fails for a
 * transient reason retried up to `policy.retries` times with a growing delay. Logouts get one
 * attempt: post reports a failed one and moves on. Other failures are thrown at once, unchanged.
 */
export function boundedClient<C extends LoginClient>(client: C, policy: RetryPolicy): C {
  const sleep = policy.sleep ?? ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)))
  const random = policy.random ?? Math.random
  const now = policy.now ?? Date.now
  const attempts = policy.retries + 1
  // The bound is passed to the client, which hands it to every process it starts.
  const call = { timeoutMs: policy.timeoutMs }

  const login = async (host: string, username: string, password: string): Promise<void> => {
    const started = now()
    for (let attempt = 1; ; attempt++) {
      try {
        await client.login(host, username, password, call)
        return
      } catch (error) {
        const reason = labelled(transientReason(error), policy.timeoutMs)
        if (!reason) throw error
        if (attempt >= attempts) throw gaveUp(error, reason, attempt, now() - started, policy)
        const delay = retryDelayMs(attempt, random)
        policy.log(
          `${host}: attempt ${attempt} of ${attempts} failed (${reason}); retrying in ${seconds(delay)}`
        )
        await sleep(delay)
      }
    }
  }
  // A child of `client`, so whatever else it has (a name, other methods) is still there.
  return Object.assign(Object.create(client) as C, {
    login,
    logout: (host: string) =>
      client.logout(host, call).catch((error: unknown) => {
        if (!(error instanceof TimedOutError)) throw error
        throw new TimedOutError(
          `${error.message} (${INPUTS.loginTimeout}: ${seconds(policy.timeoutMs)})`,
          error.hint
        )
      })
  })
}

function labelled(reason: string | undefined, timeoutMs: number): string | undefined {
  return reason === 'timed out' ? `timed out after ${seconds(timeoutMs)}` : reason
}

/** The last attempt's error, with how many attempts were made, how long they took, and what to do. */
function gaveUp(
  error: unknown,
  reason: string,
  attempts: number,
  elapsedMs: number,
  policy: RetryPolicy
): Error {
  const note = `(gave up after ${attempts === 1 ? '1 attempt' : `${attempts} attempts`} in ${seconds(elapsedMs)}; last reason: ${reason})`
  const more = `Retry the job later, or allow more with ${INPUTS.loginRetries} (now ${policy.retries}) and ${INPUTS.loginTimeout} (now ${seconds(policy.timeoutMs)}).`
  const hint = (known?: string) =>
    known
      ? `${known}\n${more}`
      : `The registry, the network or the Docker daemon kept failing for a temporary reason: check the registry's status and the daemon's network and proxy settings. ${more}`
  if (error instanceof UserError) {
    return new UserError(`${error.message} ${note}`, hint(error.hint))
  }
  // Not ours, so not known to be redacted: a plain Error, which the caller redacts like any other.
  return new Error(`${messageOf(error)} ${note}`)
}

/** `1.2 s`, `30 s`. */
function seconds(ms: number): string {
  const s = ms / 1000
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`
}

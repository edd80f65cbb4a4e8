import type { ProcessResult } from '../process.js'
import type { IsolatedDir } from './core.js'

/**
 * Starts a login process in a dir: `password` settles when the token comes (the process waits for
 * it on stdin) or rejects when the login is abandoned (the process is ended).
 */
export type LaunchLogin = (dir: IsolatedDir, password: Promise<string>) => Promise<ProcessResult>

/** A login that has run, with the dir it ran in (the caller merges from it, then releases it). */
export interface FinishedLogin {
  dir: IsolatedDir
  result: ProcessResult
}

/** One login started before its password was known. */
export interface EarlyLogin {
  /**
   * Hands the password to the waiting process and waits for it to end. Undefined when no process
   * could start (its dir could not be made): the caller logs in afresh, where the error is reported.
   */
  finish(password: string): Promise<FinishedLogin | undefined>
  /** Ends the process unused and removes its dir. */
  abandon(): Promise<void>
}

/**
 * The logins started while the API call is in flight, one per host, so that the client's own
 * start-up overlaps the call: `start` launches one in a dir `makeDir` gives, `take` hands it to
 * the login that got its token (once), `abandonExcept` and `abandonAll` end the ones no token
 * came for. A login whose dir or process fails is never an error here: `finish` says so and the
 * caller starts over.
 */
export class EarlyLogins {
  private readonly started = new Map<string, EarlyLogin>()

  constructor(
    private readonly makeDir: () => Promise<IsolatedDir | undefined>,
    private readonly launch: (host: string) => LaunchLogin
  ) {}

  /** Starts the login to `host`, unless one is started already. */
  start(host: string): void {
    if (this.started.has(host)) return
    let give: (password: string) => void = () => undefined
    let cancel: () => void = () => undefined
    const password = new Promise<string>((resolve, reject) => {
      give = resolve
      cancel = () => reject(new Error('not needed'))
    })
    // Abandoned before its dir exists, nothing awaits the password yet: handled here, not a crash.
    password.catch(() => undefined)
    const made = this.makeDir().catch(() => undefined)
    const result = made.then(dir => (dir ? this.launch(host)(dir, password) : undefined))
    // Settled by finish or abandon; until then nobody awaits it.
    result.catch(() => undefined)
    this.started.set(host, {
      async finish(secret) {
        give(secret)
        const dir = await made
        if (!dir) return undefined
        try {
          return { dir, result: (await result)! }
        } catch (error) {
          await dir.release()
          throw error
        }
      },
      async abandon() {
        cancel()
        await result.catch(() => undefined)
        await (await made)?.release()
      }
    })
  }

  /** The login started for `host`, handed out once. */
  take(host: string): EarlyLogin | undefined {
    const login = this.started.get(host)
    this.started.delete(host)
    return login
  }

  /** Ends every login not taken, and removes their dirs. */
  async abandonAll(): Promise<void> {
    await this.abandonExcept([])
  }

  /** Ends every login not taken whose host is not in `hosts`, and removes their dirs. */
  async abandonExcept(hosts: string[]): Promise<void> {
    const keep = new Set(hosts)
    const ending = [...this.started].filter(([host]) => !keep.has(host))
    for (const [host] of ending) this.started.delete(host)
    await Promise.all(ending.map(([, login]) => login.abandon()))
  }
}

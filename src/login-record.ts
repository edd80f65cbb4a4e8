import { lstatSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { messageOf } from './errors.js'
// Written whole, 0600, through a temp file created exclusively: the helper's private-file writer.
import { writePrivate } from './helper/private-files.js'
import type { Runner } from './runner.js'

/**
 * The login step's record for the logout sub-action (logout/action.yml). The runner hands a
 * step's saved state only to that step's own post, so main also writes every state it saves into
 * a record file, private to the user, under `<RUNNER_TEMP>/ecr-login-records/`: the sub-action
 * replays it through post's own story (logout.ts), and marks it done. The runner empties
 * RUNNER_TEMP after every job, so a record never outlives its job.
 */
export const RECORD_DIR = 'ecr-login-records'

/** The state that tells post which record is its main's. */
export const RECORD_STATE = 'login-record'

/** A record is a few states; anything bigger is not one. */
const MAX_RECORD_BYTES = 256 * 1024
const RECORD_NAME = /^\d+-\d+\.json$/

/** Which job a record belongs to, as the runner names it. */
export interface JobIdentity {
  runId: string
  runAttempt: string
  job: string
}

export interface LoginRecord {
  version: 1
  job: JobIdentity
  /** Every state main saved, as its post gets them (STATE_<name>). */
  states: Record<string, string>
  /** When the logout sub-action logged out of everything the states name. */
  loggedOutAt?: string
}

export function jobIdentity(env: NodeJS.ProcessEnv): JobIdentity {
  return {
    runId: env.GITHUB_RUN_ID ?? '',
    runAttempt: env.GITHUB_RUN_ATTEMPT ?? '',
    job: env.GITHUB_JOB ?? ''
  }
}

/** `<RUNNER_TEMP>/ecr-login-records`, or undefined outside a runner's job. */
export function recordDir(env: NodeJS.ProcessEnv): string | undefined {
  return env.RUNNER_TEMP ? join(env.RUNNER_TEMP, RECORD_DIR) : undefined
}

/**
 * Why `path` is not a private directory or file of this user (undefined: it is): not a symlink,
 * owned by this user, no access for group or others, and a file with no second hard link.
 */
export function notPrivate(path: string, kind: 'directory' | 'file'): string | undefined {
  const stats = lstatSync(path)
  if (kind === 'directory' ? !stats.isDirectory() : !stats.isFile()) return `it is not a ${kind}`
  if (process.getuid && stats.uid !== process.getuid()) return 'it belongs to another user'
  if (process.platform !== 'win32' && stats.mode & 0o077) return 'other users can open it'
  if (kind === 'file' && stats.nlink > 1) return 'it has another hard link'
  return undefined
}

/**
 * `runner` whose saveState also keeps the state for this step's record. The record's file is
 * chosen (and its directory made) on the first save, and written once, when the step's process
 * exits (`atExit`): main saves state after every login, and one write costs less than one per
 * login. Steps run one after another, so no later step can look before then. A record that cannot
 * be made or written costs a warning, never the login: post still logs out.
 */
export function recordingRunner(
  runner: Runner,
  env: NodeJS.ProcessEnv,
  options: { now?: () => number; atExit?: (flush: () => void) => void } = {}
): Runner {
  const { now = Date.now, atExit = (flush: () => void) => process.once('exit', flush) } = options
  // undefined: not chosen yet; null: none (no RUNNER_TEMP, or it failed).
  let file: string | null | undefined
  const states: Record<string, string> = {}
  const failed = (error: unknown) => {
    file = null
    runner.warning(
      `Could not record this login for the logout sub-action (${messageOf(error)}): it will not find it; this step's post still logs out.`
    )
  }
  const choose = () => {
    const dir = recordDir(env)
    if (!dir) return null
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    const reason = notPrivate(dir, 'directory')
    if (reason) throw new Error(`${dir} is not private to this user: ${reason}`)
    const chosen = join(dir, `${now()}-${process.pid}.json`)
    runner.saveState(RECORD_STATE, chosen)
    atExit(() => {
      try {
        if (file)
          writePrivate(
            file,
            JSON.stringify({ version: 1, job: jobIdentity(env), states } satisfies LoginRecord)
          )
      } catch (error) {
        failed(error)
      }
    })
    return chosen
  }
  return {
    ...runner,
    saveState(name, value) {
      runner.saveState(name, value)
      states[name] = value
      // Main saves every state name first, empty, and where it logs in ('configs'): a record is
      // made only once a state names something to undo, so a step that logged into nothing
      // leaves no record (and no record state) behind.
      if (file !== undefined || !value || name === 'configs') return
      try {
        file = choose()
      } catch (error) {
        failed(error)
      }
    }
  }
}

/** The record files in `dir`, oldest first; none when the directory does not exist. */
export function recordFiles(dir: string): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return names
    .filter(name => RECORD_NAME.test(name))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map(name => join(dir, name))
}

/**
 * Reads a record and checks it as post checks its state: in this job's record directory, private
 * to this user (directory and file), of this job, and shaped as main writes it. Throws naming the
 * reason otherwise. What the states say is checked by whoever acts on them.
 */
export function readRecord(file: string, env: NodeJS.ProcessEnv): LoginRecord {
  const dir = recordDir(env)
  if (!dir || dirname(file) !== dir) throw new Error(`${file} is not in this job's ${RECORD_DIR} directory`)
  const reason = notPrivate(dir, 'directory') ?? notPrivate(file, 'file')
  if (reason) throw new Error(`${file} is not private to this user: ${reason}`)
  const text = readFileSync(file, 'utf8')
  if (text.length > MAX_RECORD_BYTES) throw new Error(`${file} is too big to be a login record`)
  let record: LoginRecord
  try {
    record = JSON.parse(text) as LoginRecord
  } catch {
    throw new Error(`${file} is not a login record (not JSON)`)
  }
  const states = record?.states
  if (
    record?.version !== 1 ||
    !states ||
    typeof states !== 'object' ||
    Object.values(states).some(v => typeof v !== 'string')
  ) {
    throw new Error(`${file} is not a login record`)
  }
  const job = jobIdentity(env)
  if (
    record.job?.runId !== job.runId ||
    record.job?.runAttempt !== job.runAttempt ||
    record.job?.job !== job.job
  ) {
    throw new Error(`${file} is another job's login record`)
  }
  return record
}

/** Marks a record done: its logins are logged out. */
export function markLoggedOut(file: string, record: LoginRecord, at: Date): void {
  writePrivate(file, JSON.stringify({ ...record, loggedOutAt: at.toISOString() } satisfies LoginRecord))
}

/**
 * Removes a record once its post is done (the runner empties RUNNER_TEMP after the job anyway), and
 * the record directory with the last one; a file that fails readRecord's checks is not ours: left.
 */
export function forgetRecord(file: string, env: NodeJS.ProcessEnv): void {
  try {
    readRecord(file, env)
  } catch {
    return
  }
  rmSync(file, { force: true })
  try {
    rmdirSync(dirname(file))
  } catch {
    // Another login step's record is still there.
  }
}

import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { authFilePath, readAuthFile } from './config/containers-auth.js'
import { dockerConfigDir, readDockerConfig } from './config/docker-config.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_NAME, HELPER_STATE, JOB_DIR, parseHelperState } from './install-helper.js'
import { hasJobConfigLayout, parseJobConfig } from './job-config.js'
import {
  RECORD_STATE,
  forgetRecord,
  markLoggedOut,
  readRecord,
  recordDir,
  recordFiles,
  type LoginRecord
} from './login-record.js'
import { logout, type LogoutDeps } from './logout.js'
import { loadJobConfig, loadLoggedIn, STATES } from './outputs.js'
import type { Runner } from './runner.js'

export interface EarlyLogoutDeps extends LogoutDeps {
  now(): Date
}

/**
 * The logout sub-action's story (logout/action.yml): every login record this job's login steps
 * wrote (login-record.ts) and not yet logged out is replayed through post's own logout story,
 * then marked done, so untrusted code can run after this step. A record that fails the checks
 * is not acted on; a logout that fails leaves its record as it was, for post to try again.
 */
export async function logoutNow({ runner, clients, env, now }: EarlyLogoutDeps): Promise<void> {
  const dir = recordDir(env)
  if (!dir) {
    throw new UserError(
      'RUNNER_TEMP is not set, so there is no record of this job’s logins to log out of.',
      'The logout sub-action runs in a GitHub Actions job, after an ecr-login step of the same job.'
    )
  }
  const failed: string[] = []
  let done = 0
  for (const file of recordFiles(dir)) {
    let record: LoginRecord
    try {
      record = readRecord(file, env)
      checkPaths(record.states, env)
    } catch (error) {
      runner.warning(`Not acted on: ${messageOf(error)}.`)
      continue
    }
    if (record.loggedOutAt) {
      runner.info(`The logins recorded in ${file} were already logged out at ${record.loggedOutAt}.`)
      continue
    }
    try {
      await logout({ runner: replaying(runner, record.states), clients, env })
    } catch (error) {
      runner.error(describe(error))
      failed.push(file)
      continue
    }
    markLoggedOut(file, record, now())
    done++
  }
  if (failed.length) {
    throw new UserError(
      `Could not log out of everything recorded in ${failed.join(', ')}.`,
      "The login step's post step will try again; until then, do not run untrusted code."
    )
  }
  if (!done) runner.info('No login of this job is left to log out of.')
}

/**
 * Post's story around `post` (logout.ts): nothing to do when the logout sub-action left nothing
 * (loggedOutEarly), and this step's record removed at the end either way.
 */
export async function postAfterLogoutStep(
  deps: LogoutDeps,
  post: (deps: LogoutDeps) => Promise<void>
): Promise<void> {
  try {
    if (!(await loggedOutEarly(deps.runner, deps.env))) await post(deps)
  } finally {
    const file = deps.runner.getState(RECORD_STATE)
    if (file) forgetRecord(file, deps.env)
  }
}

/**
 * Post's first look: when the logout sub-action has marked this step's record done,
 * post checks for itself, from its own state (the record is a file a later step could have
 * written), that nothing it would undo is left; if so it says so and stops, otherwise it logs out
 * as usual. Returns whether post's work is done.
 */
export async function loggedOutEarly(runner: Runner, env: NodeJS.ProcessEnv): Promise<boolean> {
  const file = runner.getState(RECORD_STATE)
  if (!file) return false
  let record: LoginRecord
  try {
    record = readRecord(file, env)
  } catch {
    return false
  }
  if (!record.loggedOutAt) return false
  const left = await leftovers(runner, env)
  if (left.length) {
    runner.warning(
      `The logout step logged out at ${record.loggedOutAt}, but ${left.join(', ')} ${left.length === 1 ? 'is' : 'are'} still there: logging out.`
    )
    return false
  }
  const hosts = runner.getState(STATES.registries) || 'this step’s registries'
  runner.info(`Nothing left to log out of: the logout step logged out of ${hosts} at ${record.loggedOutAt}.`)
  await runner
    .summary({
      lines: [`Post step: nothing left to log out of (the logout step did at ${record.loggedOutAt}).`]
    })
    .catch(error => runner.warning(`Could not write the job summary: ${messageOf(error)}`))
  return true
}

/** What post would still undo, by its own state: logins still in a config, entries, directories. */
async function leftovers(runner: Runner, env: NodeJS.ProcessEnv): Promise<string[]> {
  const left: string[] = []
  const job = loadJobConfig(runner)
  if (job && existsSync(job.root)) left.push(job.root)
  const helper = parseHelperState(runner.getState(HELPER_STATE))
  if (helper) {
    if (helper.jobDir && existsSync(helper.jobDir)) left.push(helper.jobDir)
    const config = await readDockerConfig(helper.configDir)
    for (const host of Object.keys(helper.previous)) {
      if (config.credHelpers?.[host] === HELPER_NAME) left.push(`the credHelpers entry for ${host}`)
    }
  }
  const { logins } = loadLoggedIn(runner)
  if (!logins.length || (job && !existsSync(job.root))) return left
  const docker = await readDockerConfig(job ? job.dockerConfig : dockerConfigDir(env))
  const containers = logins.some(l => l.client !== 'docker')
    ? await readAuthFile(job?.authFile ?? authFilePath(env))
    : {}
  for (const { client, host } of logins) {
    const logged =
      client === 'docker'
        ? // Main writes exactly `host` (clients/docker.ts); the user's own `host/team-a` is not a login of ours.
          Object.keys(docker.auths ?? {}).some(key => key.toLowerCase() === host.toLowerCase())
        : Object.keys(containers.auths ?? {}).some(key => key.toLowerCase() === host.toLowerCase())
    if (logged) left.push(`${host} (${client})`)
  }
  return left
}

/**
 * The paths in a record's states that logout would remove must be where main makes them: the
 * job's config dir and the helper's directory directly under RUNNER_TEMP.
 */
function checkPaths(states: Record<string, string>, env: NodeJS.ProcessEnv): void {
  const temp = env.RUNNER_TEMP!
  const job = parseJobConfig(states[STATES.jobConfig] ?? '')
  if (job && !hasJobConfigLayout(job, temp)) {
    throw new Error(`the recorded job config ${job.root} is not one ecr-login makes in ${temp}`)
  }
  const helper = parseHelperState(states[HELPER_STATE] ?? '')
  if (helper?.jobDir !== undefined && helper.jobDir !== join(temp, JOB_DIR)) {
    throw new Error(`the recorded helper directory ${helper.jobDir} is not ${join(temp, JOB_DIR)}`)
  }
}

/** `runner` with a record's states as its state, and its summary lines said by the logout step. */
function replaying(runner: Runner, states: Record<string, string>): Runner {
  return {
    ...runner,
    getState: name => states[name] ?? '',
    saveState: () => undefined,
    summary: summary =>
      runner.summary({
        ...summary,
        lines: summary.lines?.map(line => line.replace(/^Post step:/, 'Logout step:'))
      })
  }
}

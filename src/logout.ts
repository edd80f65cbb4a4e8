import type { Docker } from './docker.js'
import { describe, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './helper-mode.js'
import { mapConcurrent } from './limit.js'
import { INPUTS, readBoolean } from './inputs.js'
import { loadLoggedIn, STATES } from './outputs.js'
import type { Runner } from './runner.js'

/** What post needs; no AWS here, so the post bundle never contains the SDK. */
export interface LogoutDeps {
  runner: Runner
  docker: Docker
}

const LOGOUT_CONCURRENCY = 10

/** Post's story: log out of every host main logged into, keep going after failures, then report. */
export async function logout({ runner, docker }: LogoutDeps): Promise<void> {
  const helper = parseHelperState(runner.getState(HELPER_STATE))
  if (helper) {
    await removeHelper(helper)
    runner.info(`Removed the credential helper entries for ${Object.keys(helper.previous).join(', ')}`)
  }
  const { hosts, invalid } = loadLoggedIn(runner)
  for (const entry of invalid) {
    runner.error(
      `The saved state '${STATES.registries}' holds '${entry}', which is not an ECR registry host, so it was not logged out of.`
    )
  }
  if (!hosts.length && !invalid.length) {
    if (helper) return
    runner.info(
      skipLogout(runner)
        ? `Logout skipped: '${INPUTS.skipLogout}' is true, so the registries stay logged in after the job.`
        : 'No registries to log out of.'
    )
    return
  }
  const failed: string[] = []
  await mapConcurrent(hosts, LOGOUT_CONCURRENCY, async host => {
    runner.info(`Logging out of registry ${host}`)
    try {
      await docker.logout(host)
    } catch (error) {
      runner.error(describe(error))
      failed.push(host)
    }
  })
  if (failed.length || invalid.length) {
    // The reference action's wording, hosts in the order they were logged into.
    throw new UserError(
      `Failed to logout: ${[...hosts.filter(h => failed.includes(h)), ...invalid].join(',')}`
    )
  }
}

/** The skip-logout input as main read it; a value main refused cannot get here, so junk is false. */
function skipLogout(runner: Runner): boolean {
  try {
    return readBoolean(INPUTS.skipLogout, runner.getInput(INPUTS.skipLogout), false)
  } catch {
    return false
  }
}

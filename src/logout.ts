import type { Docker } from './docker.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './helper-mode.js'
import { mapConcurrent } from './limit.js'
import { INPUTS, readBoolean } from './inputs.js'
import { count, loadLoggedIn, STATES } from './outputs.js'
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
    const skipped = skipLogout(runner)
    runner.info(
      skipped
        ? `Logout skipped: '${INPUTS.skipLogout}' is true, so the registries stay logged in after the job.`
        : 'No registries to log out of.'
    )
    if (skipped) await writeSummary(runner, [`Post step: logout skipped ('${INPUTS.skipLogout}' is true).`])
    return
  }
  const failed: string[] = []
  await runner.group(`Logging out of ${count(hosts.length, 'registry')}`, () =>
    mapConcurrent(hosts, LOGOUT_CONCURRENCY, async host => {
      try {
        await docker.logout(host)
        runner.info(`${host}: logged out`)
      } catch (error) {
        runner.error(describe(error))
        failed.push(host)
      }
    })
  )
  const out = hosts.filter(h => !failed.includes(h))
  await writeSummary(runner, [
    out.length ? `Post step: logged out of ${out.join(', ')}.` : 'Post step: no registry was logged out of.',
    ...(failed.length ? [`Post step: could not log out of ${failed.join(', ')}.`] : [])
  ])
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

/** Post's line in the job summary; a summary that cannot be written costs a warning, not the step. */
async function writeSummary(runner: Runner, lines: string[]): Promise<void> {
  await runner
    .summary({ lines })
    .catch(error => runner.warning(`Could not write the job summary: ${messageOf(error)}`))
}

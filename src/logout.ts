import type { Docker } from './docker.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './helper-mode.js'
import { INPUTS, readLoginTimeout } from './inputs.js'
import { mapConcurrent } from './limit.js'
import { count, loadLoggedIn } from './outputs.js'
import { boundedClient } from './retry.js'
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
  const hosts = loadLoggedIn(runner)
  if (!hosts.length) {
    if (helper) return
    runner.info('No registries to log out of.')
    return
  }
  // Each logout gets one attempt of at most login-timeout: one that hangs (a credsStore helper
  // that never answers) is ended and reported like any failed logout.
  const bounded = boundedClient(docker, {
    retries: 0,
    timeoutMs: readLoginTimeout(runner.getInput(INPUTS.loginTimeout)) * 1000,
    log: message => runner.info(message)
  })
  const failed: string[] = []
  await runner.group(`Logging out of ${count(hosts.length, 'registry')}`, () =>
    mapConcurrent(hosts, LOGOUT_CONCURRENCY, async host => {
      try {
        await bounded.logout(host)
        runner.info(`${host}: logged out`)
      } catch (error) {
        runner.error(describe(error))
        failed.push(host)
      }
    })
  )
  const out = hosts.filter(h => !failed.includes(h))
  await runner
    .summary({
      lines: [
        out.length
          ? `Post step: logged out of ${out.join(', ')}.`
          : 'Post step: no registry was logged out of.',
        ...(failed.length ? [`Post step: could not log out of ${failed.join(', ')}.`] : [])
      ]
    })
    .catch(error => runner.warning(`Could not write the job summary: ${messageOf(error)}`))
  if (failed.length) {
    // The reference action's wording, hosts in the order they were logged into.
    throw new UserError(`Failed to logout: ${hosts.filter(h => failed.includes(h)).join(',')}`)
  }
}

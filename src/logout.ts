import type { Docker } from './docker.js'
import { describe, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './helper-mode.js'
import { mapConcurrent } from './limit.js'
import { loadLoggedIn } from './outputs.js'
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
  if (failed.length) {
    // The reference action's wording, hosts in the order they were logged into.
    throw new UserError(`Failed to logout: ${hosts.filter(h => failed.includes(h)).join(',')}`)
  }
}

import type { ClientFactory } from './clients/client.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './helper-mode.js'
import { jobConfigEnv, removeJobConfig, type JobConfig } from './job-config.js'
import { mapConcurrent } from './limit.js'
import { count, loadJobConfig, loadLoggedIn } from './outputs.js'
import type { Runner } from './runner.js'

/** What post needs; no AWS here, so the post bundle never contains the SDK. */
export interface LogoutDeps {
  runner: Runner
  clients: Pick<ClientFactory, 'create'>
  env: NodeJS.ProcessEnv
}

const LOGOUT_CONCURRENCY = 10

/**
 * Post's story: undo every login main made, each with the client that made it, keep going
 * after failures, remove the job's own configs, then report.
 */
export async function logout({ runner, clients, env }: LogoutDeps): Promise<void> {
  const helper = parseHelperState(runner.getState(HELPER_STATE))
  if (helper) {
    await removeHelper(helper)
    runner.info(`Removed the credential helper entries for ${Object.keys(helper.previous).join(', ')}`)
  }
  const job = loadJobConfig(runner)
  const logins = loadLoggedIn(runner)
  if (!logins.length) {
    if (job) await removeJob(runner, job)
    if (helper || job) return
    runner.info('No registries to log out of.')
    return
  }
  // The clients log out of the configs main logged into, whatever a later step exported.
  const clientEnv = job ? { ...env, ...jobConfigEnv(job) } : env
  const byName = new Map(
    [...new Set(logins.map(l => l.client))].map(name => [name, clients.create(name, clientEnv)])
  )
  const hosts = [...new Set(logins.map(l => l.host))]
  const failed = new Set<string>()
  await runner.group(`Logging out of ${count(hosts.length, 'registry')}`, () =>
    mapConcurrent(logins, LOGOUT_CONCURRENCY, async ({ client, host }) => {
      try {
        await byName.get(client)!.logout(host)
        runner.info(`${host}: logged out with ${client}`)
      } catch (error) {
        runner.error(describe(error))
        failed.add(host)
      }
    })
  )
  if (job) await removeJob(runner, job)
  const out = hosts.filter(h => !failed.has(h))
  await runner
    .summary({
      lines: [
        out.length
          ? `Post step: logged out of ${out.join(', ')}.`
          : 'Post step: no registry was logged out of.',
        ...(failed.size ? [`Post step: could not log out of ${[...failed].join(', ')}.`] : [])
      ]
    })
    .catch(error => runner.warning(`Could not write the job summary: ${messageOf(error)}`))
  if (failed.size) {
    // The reference action's wording, hosts in the order they were logged into.
    throw new UserError(`Failed to logout: ${hosts.filter(h => failed.has(h)).join(',')}`)
  }
}

async function removeJob(runner: Runner, job: JobConfig): Promise<void> {
  if (await removeJobConfig(job)) runner.info(`Removed this job's registry configs in ${job.root}`)
  else runner.warning(`Left ${job.root} in place: it is not a directory this action made.`)
}

import type { ClientFactory } from './clients/client.js'
import { parseKeptLogins } from './config/credential-store.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './install-helper.js'
import { INPUTS, readBoolean, readLoginTimeout } from './inputs.js'
import { jobConfigEnv, removeJobConfig, type JobConfig } from './job-config.js'
import { mapConcurrent } from './limit.js'
import { count, loadJobConfig, loadLoggedIn, STATES } from './outputs.js'
import { boundedClient } from './retry.js'
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
  const { logins, invalid } = loadLoggedIn(runner)
  for (const entry of invalid) {
    runner.error(
      `The saved state '${STATES.registries}' holds '${entry}', which is not an ECR registry host, so it was not logged out of.`
    )
  }
  if (!logins.length) {
    if (job) await removeJob(runner, job)
    if (invalid.length) throw new UserError(`Failed to logout: ${invalid.join(',')}`)
    if (helper || job) return
    const skipped = skipLogout(runner)
    runner.info(
      skipped
        ? `Logout skipped: '${INPUTS.skipLogout}' is true, so the registries stay logged in after the job.`
        : 'No registries to log out of.'
    )
    if (skipped) await writeSummary(runner, [`Post step: logout skipped ('${INPUTS.skipLogout}' is true).`])
    return
  }
  // The clients log out of the configs main logged into, whatever a later step exported. Each
  // logout gets one attempt of at most login-timeout: one that hangs (a credsStore helper that
  // never answers) is ended and reported like any failed logout.
  const clientEnv = job ? { ...env, ...jobConfigEnv(job) } : env
  // Where main kept each token (a store, or the file with a credHelpers override), undone exactly.
  const kept = parseKeptLogins(runner.getState(STATES.credentialStores))
  const policy = {
    retries: 0,
    timeoutMs: readLoginTimeout(runner.getInput(INPUTS.loginTimeout)) * 1000,
    log: (message: string) => runner.info(message)
  }
  const byName = new Map(
    [...new Set(logins.map(l => l.client))].map(name => [
      name,
      boundedClient(clients.create(name, clientEnv, { kept }), policy)
    ])
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
  await writeSummary(runner, [
    out.length ? `Post step: logged out of ${out.join(', ')}.` : 'Post step: no registry was logged out of.',
    ...(failed.size ? [`Post step: could not log out of ${[...failed].join(', ')}.`] : [])
  ])
  if (failed.size || invalid.length) {
    // The reference action's wording, hosts in the order they were logged into.
    throw new UserError(`Failed to logout: ${[...hosts.filter(h => failed.has(h)), ...invalid].join(',')}`)
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

/** Removes the job's own config dir (docker-config: job), refusing any path this action did not make. */
async function removeJob(runner: Runner, job: JobConfig): Promise<void> {
  if (await removeJobConfig(job)) runner.info(`Removed this job's registry configs in ${job.root}`)
  else runner.warning(`Left ${job.root} in place: it is not a directory this action made.`)
}

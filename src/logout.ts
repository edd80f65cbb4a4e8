import { promises as fs } from 'node:fs'
import type { ClientFactory } from './clients/client.js'
import { parseKeptLogins } from './config/credential-store.js'
import { describe, messageOf, UserError } from './errors.js'
import { HELPER_STATE, parseHelperState, removeHelper } from './install-helper.js'
import { INPUTS, readBoolean, readLoginTimeout } from './inputs.js'
import { isJobConfig, jobConfigEnv, removeJobConfig, type JobConfig } from './job-config.js'
import { mapConcurrent } from './limit.js'
import { configsEnv, loadConfigs, loadJobConfig, loadLoggedIn, STATES, type Login } from './outputs.js'
import { count } from './text.js'
import { isRegistryList, readListAliases } from './registry-list.js'
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
 * Post's story: undo every login main made, each with the client that made it, in the configs
 * main logged into (whatever a later step exported since), keep going after failures, remove the
 * job's own configs, then report.
 */
export async function logout({ runner, clients, env }: LogoutDeps): Promise<void> {
  const helper = parseHelperState(runner.getState(HELPER_STATE))
  if (helper) {
    await removeHelper(helper, env)
    runner.info(`Removed the credential helper entries for ${Object.keys(helper.previous).join(', ')}`)
  }
  const job = await trustedJobConfig(runner, env)
  // An alias host is accepted from state only when the step's own registries input names it.
  const listed = runner.getInput(INPUTS.registries)
  const aliases = isRegistryList(listed) ? await readListAliases(listed) : []
  const { logins, invalid } = loadLoggedIn(runner, aliases)
  for (const entry of invalid) {
    runner.error(
      `The saved state '${STATES.registries}' holds '${entry}', which is not an ECR registry host, so it was not logged out of.`
    )
  }
  if (!logins.length) {
    if (job && job !== 'gone') await removeJob(runner, job, env)
    if (invalid.length) throw new UserError(`Failed to logout: ${invalid.join(',')}`)
    if (helper || job !== undefined) return
    const skipped = skipLogout(runner)
    runner.info(
      skipped
        ? `Logout skipped: '${INPUTS.skipLogout}' is true, so the registries stay logged in after the job.`
        : 'No registries to log out of.'
    )
    if (skipped) await writeSummary(runner, [`Post step: logout skipped ('${INPUTS.skipLogout}' is true).`])
    return
  }
  const hosts = [...new Set(logins.map(l => l.host))]
  const failed = new Set<string>()
  if (job === null) {
    // The job's configs were replaced since main: nothing in them is this action's to change.
    for (const host of hosts) failed.add(host)
  } else if (job !== 'gone') {
    await logoutAll(runner, clients, loginsEnv(runner, env, job), logins, failed)
  }
  if (job && job !== 'gone') await removeJob(runner, job, env)
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

/**
 * The job's own configs main made (`docker-config: job`): undefined when there are none; 'gone'
 * when they were removed already (another post, the user), with the logins in them; null when
 * state names configs that are not exactly what main made (temp-dirs.ts), which are then neither
 * logged out of nor removed.
 */
async function trustedJobConfig(
  runner: Runner,
  env: NodeJS.ProcessEnv
): Promise<JobConfig | 'gone' | null | undefined> {
  const job = loadJobConfig(runner)
  if (!job) return undefined
  if (await isJobConfig(job, env)) return job
  if (!(await exists(job.root))) {
    runner.info(`${job.root} no longer exists: its logins went with it, and it is not made again.`)
    return 'gone'
  }
  runner.warning(`Left ${job.root} in place: it is not a directory this action made.`)
  return null
}

/**
 * The environment for the clients' logouts: the configs main logged into (the job's, or the ones
 * it recorded), whatever DOCKER_CONFIG or REGISTRY_AUTH_FILE say now; a main of an older version
 * recorded none, and then the current ones are used. A client whose config is gone by now has
 * nothing to log out of there and does not make it again (clients/docker.ts, containers.ts).
 */
function loginsEnv(runner: Runner, env: NodeJS.ProcessEnv, job: JobConfig | undefined): NodeJS.ProcessEnv {
  if (job) return { ...env, ...jobConfigEnv(job) }
  const configs = loadConfigs(runner)
  return configs ? configsEnv(env, configs) : env
}

/**
 * Each logout gets one attempt of at most login-timeout: one that hangs (a credsStore helper that
 * never answers) is ended and reported like any failed logout. Failed hosts go into `failed`.
 */
async function logoutAll(
  runner: Runner,
  clients: LogoutDeps['clients'],
  clientEnv: NodeJS.ProcessEnv,
  logins: Login[],
  failed: Set<string>
): Promise<void> {
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
  const hosts = new Set(logins.map(l => l.host))
  await runner.group(`Logging out of ${count(hosts.size, 'registry')}`, () =>
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
}

function exists(path: string): Promise<boolean> {
  return fs.lstat(path).then(
    () => true,
    () => false
  )
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

/** Removes the job's own config dir (docker-config: job), checked by trustedJobConfig, never through a link. */
async function removeJob(runner: Runner, job: JobConfig, env: NodeJS.ProcessEnv): Promise<void> {
  if (await removeJobConfig(job, env)) runner.info(`Removed this job's registry configs in ${job.root}`)
  else runner.warning(`Left ${job.root} in place: it is not a directory this action made.`)
}

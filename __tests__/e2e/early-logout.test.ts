// The logout sub-action (uses: owner/ecr-login/logout@v1, dist/logout): login, push, early logout,
// push refused, and the login step's post finds nothing left. Run as the runner runs them, against
// the world's real dockerd and registry.
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { docker, importImage, runJob, runStep, type StepResult } from '../support/action-runner.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { registryHost } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')
const RECORDS = 'ecr-login-records'

async function push(env: Record<string, string | undefined>, configDir = ctx.configDir) {
  const tag = `${HOST}/e2e/early:${Date.now()}${Math.floor(Math.random() * 1000)}`
  await importImage(tag, { configDir })
  return docker(['push', tag], { configDir, env: env as NodeJS.ProcessEnv })
}

/** The job's environment: one RUNNER_TEMP and HOME for every step, as the runner keeps them. */
async function jobEnv(extra: Record<string, string> = {}) {
  const temp = join(ctx.dir, 'runner-temp')
  await fs.mkdir(temp)
  return actionEnv(ctx, {
    RUNNER_TEMP: temp,
    HOME: join(ctx.dir, 'home'),
    GITHUB_RUN_ID: '7',
    GITHUB_JOB: 'build',
    ...extra
  })
}

/** A later step's environment: what main exported, its PATH entries first. */
function laterStep(env: Record<string, string | undefined>, main: StepResult) {
  return { ...env, ...main.env, PATH: [...[...main.path].reverse(), process.env.PATH].join(delimiter) }
}

test('login, push, early logout, push refused, and post finds nothing left', async () => {
  const env = await jobEnv()
  let early: StepResult | undefined
  const { main, post } = await runJob({
    env,
    between: async main => {
      expect((await push(env)).code).toBe(0)
      early = await runStep('logout', { env: laterStep(env, main) })
      const refused = await push(env)
      expect(refused.code).not.toBe(0)
      expect(refused.stderr).toMatch(/no basic auth credentials|unauthorized|authentication required/)
    }
  })
  expect(main.code).toBe(0)
  expect(early!.code).toBe(0)
  expect(early!.stdout).toContain(`${HOST}: logged out with docker`)
  expect(early!.summary).toContain(`Logout step: logged out of ${HOST}.`)
  expect((await readDockerConfig(ctx)).auths).toEqual({})

  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`Nothing left to log out of: the logout step logged out of ${HOST} at `)
  expect(post.stdout).not.toContain('Logging out of')
  expect(post.summary).toContain('Post step: nothing left to log out of')
  // Post removes its record: the runner's RUNNER_TEMP holds nothing of ours after the job.
  expect(await fs.readdir(env.RUNNER_TEMP!)).not.toContain(RECORDS)
})

test('docker-config: job and credential-helper: the job’s configs, entries and cache are gone after the logout step', async () => {
  const env = await jobEnv()
  await fs.mkdir(ctx.configDir, { recursive: true })
  const before = JSON.stringify({ credHelpers: { 'gcr.io': 'gcloud' } }, null, '\t')
  await fs.writeFile(join(ctx.configDir, 'config.json'), before)

  // Two login steps in one job: a job config with a docker login, then the helper in the user's config.
  const jobStep = await runStep('main', { env, inputs: { 'docker-config': 'job' } })
  expect(jobStep.code).toBe(0)
  const jobRoot = jobStep.outputs['docker-config'].replace(/\/docker$/, '')
  const helperStep = await runStep('main', { env, inputs: { 'credential-helper': 'true' } })
  expect(helperStep.code).toBe(0)
  expect(JSON.parse(await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8')).credHelpers[HOST]).toBe(
    'ecr-login'
  )

  const early = await runStep('logout', { env: laterStep(laterStep(env, jobStep), helperStep) })
  expect(early.code).toBe(0)
  expect(early.stdout).toContain(`Removed this job's registry configs in ${jobRoot}`)
  expect(early.stdout).toContain(`Removed the credential helper entries for ${HOST}`)
  await expect(fs.stat(jobRoot)).rejects.toThrow(/ENOENT/)
  await expect(fs.stat(join(env.RUNNER_TEMP!, 'ecr-login-helper'))).rejects.toThrow(/ENOENT/)
  expect(await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8')).toBe(before)
  const refused = await push(laterStep(env, helperStep))
  expect(refused.code).not.toBe(0)

  // Each login step's post, with its own state, in the runner's order (last first).
  for (const step of [helperStep, jobStep]) {
    const post = await runStep('post', { env: laterStep(env, step), state: step.state })
    expect(post.code).toBe(0)
    expect(post.stdout).toContain('Nothing left to log out of')
  }
  expect(await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8')).toBe(before)
})

test('a record other users can open is not acted on: the logins stay, and post logs out as usual', async () => {
  const env = await jobEnv()
  const { post } = await runJob({
    env,
    between: async main => {
      const [name] = await fs.readdir(join(env.RUNNER_TEMP!, RECORDS))
      await fs.chmod(join(env.RUNNER_TEMP!, RECORDS, name), 0o644)
      const early = await runStep('logout', { env: laterStep(env, main) })
      expect(early.code).toBe(0)
      expect(early.warnings).toEqual([
        expect.stringContaining('is not private to this user: other users can open it')
      ])
      expect(early.stdout).toContain('No login of this job is left to log out of.')
      expect((await push(env)).code).toBe(0)
    }
  })
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`${HOST}: logged out with docker`)
  expect((await readDockerConfig(ctx)).auths).toEqual({})
})

test('a record marked done by a later step does not stop post: it finds the login still there and logs out', async () => {
  const env = await jobEnv()
  const { post } = await runJob({
    env,
    between: async () => {
      const [name] = await fs.readdir(join(env.RUNNER_TEMP!, RECORDS))
      const file = join(env.RUNNER_TEMP!, RECORDS, name)
      const record = JSON.parse(await fs.readFile(file, 'utf8'))
      await fs.writeFile(file, JSON.stringify({ ...record, loggedOutAt: new Date().toISOString() }))
    }
  })
  expect(post.code).toBe(0)
  expect(post.warnings).toEqual([
    expect.stringMatching(new RegExp(`but ${HOST} \\(docker\\) is still there: logging out`))
  ])
  expect(post.stdout).toContain(`${HOST}: logged out with docker`)
  expect((await readDockerConfig(ctx)).auths).toEqual({})
})

test('with no login step before it, the logout step says there is nothing to log out of', async () => {
  const early = await runStep('logout', { env: await jobEnv() })
  expect(early.code).toBe(0)
  expect(early.stdout).toContain('No login of this job is left to log out of.')
})

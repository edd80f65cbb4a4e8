// Post trusts only what main made: it logs out of the configs main logged into, whatever a later
// step exports, and state names a later step sets through GITHUB_ENV choose nothing it deletes.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { runStep } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { registryHost } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')

let home: string
let temp: string
beforeEach(async () => {
  home = join(ctx.dir, 'home')
  temp = join(ctx.dir, 'temp')
  await fs.mkdir(join(home, '.docker'), { recursive: true })
  await fs.mkdir(temp)
})

const userConfig = async () => JSON.parse(await fs.readFile(join(home, '.docker', 'config.json'), 'utf8'))

test('a later step that exports DOCKER_CONFIG does not stop post logging out of ~/.docker/config.json', async () => {
  const env = actionEnv(ctx, { HOME: home, DOCKER_CONFIG: undefined, RUNNER_TEMP: temp })
  const main = await runStep('main', { inputs: { registries: HOST }, env })
  expect(main.code).toBe(0)
  expect(Object.keys((await userConfig()).auths)).toEqual([HOST])

  // A later step writes `DOCKER_CONFIG=...` to GITHUB_ENV; the runner hands it to post.
  const later = join(ctx.dir, 'later-docker')
  const post = await runStep('post', {
    state: main.state,
    env: { ...env, ...main.env, DOCKER_CONFIG: later }
  })
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`${HOST}: logged out with docker`)
  expect((await userConfig()).auths).toEqual({})
  await expect(fs.stat(later)).rejects.toThrow()
})

test('state names a later step sets through GITHUB_ENV are not trusted: nothing they name is removed or rewritten', async () => {
  const env = actionEnv(ctx, { HOME: home, DOCKER_CONFIG: undefined, RUNNER_TEMP: temp })
  const main = await runStep('main', { inputs: { registries: HOST }, env })
  expect(main.code).toBe(0)
  // Every name post reads was saved, the unused ones empty, so the runner overrides any injected one.
  expect(main.state).toMatchObject({ 'job-config': '', 'credential-helpers': '' })

  // What a hostile later step would plant: a directory of the user's named like a job config,
  // and a helper state pointing at the user's own config and files.
  const victim = join(home, 'ecr-login-job-victim')
  await fs.mkdir(join(victim, 'docker'), { recursive: true })
  await fs.writeFile(join(victim, 'docker', 'keep'), 'mine')
  const mine = join(home, 'projects', 'ecr-login-helper')
  await fs.mkdir(mine, { recursive: true })
  await fs.writeFile(join(mine, 'keep'), 'mine')
  const otherConfig = join(home, 'other-docker')
  await fs.mkdir(otherConfig)
  await fs.writeFile(join(otherConfig, 'config.json'), '{"credHelpers":{"gcr.io":"ecr-login"}}')
  const injected = {
    'STATE_job-config': JSON.stringify({ root: victim, dockerConfig: join(victim, 'docker') }),
    'STATE_credential-helpers': JSON.stringify({
      configDir: otherConfig,
      jobDir: mine,
      hadCredHelpers: false,
      previous: { 'gcr.io': null }
    })
  }
  const post = await runStep('post', { state: main.state, env: { ...env, ...main.env, ...injected } })
  expect(post.code).toBe(0)
  expect(await fs.readFile(join(victim, 'docker', 'keep'), 'utf8')).toBe('mine')
  expect(await fs.readFile(join(mine, 'keep'), 'utf8')).toBe('mine')
  expect(await fs.readFile(join(otherConfig, 'config.json'), 'utf8')).toBe(
    '{"credHelpers":{"gcr.io":"ecr-login"}}'
  )
  expect((await userConfig()).auths).toEqual({})
})

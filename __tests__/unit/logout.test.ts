import { promises as fs } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClientFactory } from '../../src/clients/client.js'
import { cliDocker } from '../../src/clients/docker.js'
import { UserError } from '../../src/errors.js'
import { logout } from '../../src/logout.js'
import { execProcess } from '../../src/process.js'
import { authFilePath } from '../../src/config/containers-auth.js'
import { saveInitialState } from '../../src/outputs.js'
import { fakeClients, fakeRunner } from '../support/fakes.js'

const H1 = '111111111111.dkr.ecr.us-east-1.amazonaws.com'
const H2 = '222222222222.dkr.ecr.eu-west-1.amazonaws.com'
const H3 = 'public.ecr.aws'
const H4 = '444444444444.dkr-ecr.us-west-2.on.aws'

/** The thrown UserError, or undefined when logout succeeded. */
async function run(deps: Parameters<typeof logout>[0]): Promise<UserError | undefined> {
  try {
    await logout(deps)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
}

test.each([
  ['no state', {}],
  ['empty state', { registries: '' }],
  ['state of only commas and spaces', { registries: ' , ,' }]
])('%s: says there is nothing to do and calls no docker', async (_why, state) => {
  const runner = fakeRunner({ state })
  const docker = fakeClients()
  expect(await run({ runner, clients: docker, env: {} })).toBeUndefined()
  expect(runner.messages('info')).toEqual(['No registries to log out of.'])
  expect(docker.logouts).toEqual([])
})

test('logs out of every saved host', async () => {
  const runner = fakeRunner({ state: { registries: `${H1},${H2},${H3}` } })
  const docker = fakeClients()
  expect(await run({ runner, clients: docker, env: {} })).toBeUndefined()
  expect(docker.logouts.map(l => l.host).sort()).toEqual([H1, H2, H3].sort())
  expect(runner.events[0]).toEqual({ kind: 'group', title: 'Logging out of 3 registries' })
  expect(runner.messages('info')).toEqual(
    expect.arrayContaining([H1, H2, H3].map(h => `${h}: logged out with docker`))
  )
  expect(runner.summaries).toEqual([{ lines: [`Post step: logged out of ${H1}, ${H2}, ${H3}.`] }])
  expect(runner.messages('error')).toEqual([])
})

test('a failing host does not stop the others; the error lists the failed hosts in logged-in order', async () => {
  const runner = fakeRunner({ state: { registries: [H1, H2, H3, H4].join(',') } })
  const docker = fakeClients({
    // H3 fails first, H1 last: the message still follows the saved order.
    delay: h => (h === H1 ? 30 : 1),
    fail: {
      [H1]: new UserError(`Could not logout of registry ${H1}: daemon gone`),
      [H3]: new Error('exec failed')
    }
  })
  const error = await run({ runner, clients: docker, env: {} })
  expect(error?.message).toBe(`Failed to logout: ${H1},${H3}`)
  expect(docker.logouts.map(l => l.host).sort()).toEqual([H2, H4].sort())
  expect(runner.messages('error').sort()).toEqual(
    [`Could not logout of registry ${H1}: daemon gone`, 'exec failed'].sort()
  )
})

// Bug: with skip-logout post said "No registries to log out of.", as if main had logged into none.
test('with skip-logout, post says logout was skipped', async () => {
  const runner = fakeRunner({ inputs: { 'skip-logout': 'TRUE' } })
  const docker = fakeClients()
  expect(await run({ runner, clients: docker, env: {} })).toBeUndefined()
  expect(runner.messages('info')).toEqual([
    "Logout skipped: 'skip-logout' is true, so the registries stay logged in after the job."
  ])
  expect(docker.logouts).toEqual([])
})

// Bug: post passed whatever state held to `docker logout`, so `--help` ran as a flag.
test.each(['--help', '-h', '--config=/tmp/x', 'ghcr.io', `${H1}/repo`, `https://${H1}`])(
  'a state entry that is no ECR host (%s) is reported, never passed to docker, and fails the step',
  async entry => {
    const runner = fakeRunner({ state: { registries: `${H1},${entry},${H2}` } })
    const docker = fakeClients()
    const error = await run({ runner, clients: docker, env: {} })
    expect(docker.logouts.map(l => l.host).sort()).toEqual([H1, H2].sort())
    expect(runner.messages('error')).toEqual([
      `The saved state 'registries' holds '${entry}', which is not an ECR registry host, so it was not logged out of.`
    ])
    expect(error?.message).toBe(`Failed to logout: ${entry}`)
  }
)

test('a host saved twice in two spellings is logged out of once', async () => {
  const runner = fakeRunner({ state: { registries: `${H1},${H1.toUpperCase()},${H2}` } })
  const docker = fakeClients()
  expect(await run({ runner, clients: docker, env: {} })).toBeUndefined()
  expect(docker.logouts.map(l => l.host).sort()).toEqual([H1, H2].sort())
})

test('each saved login is undone by the client that made it', async () => {
  const runner = fakeRunner({
    state: { registries: `${H1},${H2}`, logins: JSON.stringify({ docker: [H1], skopeo: [H1, H2] }) }
  })
  const clients = fakeClients()
  expect(await run({ runner, clients, env: {} })).toBeUndefined()
  expect(clients.logouts.map(l => `${l.client} ${l.host}`).sort()).toEqual(
    [`docker ${H1}`, `skopeo ${H1}`, `skopeo ${H2}`].sort()
  )
  expect(runner.messages('info')).toEqual(
    expect.arrayContaining([`${H1}: logged out with docker`, `${H2}: logged out with skopeo`])
  )
  expect(runner.events[0]).toEqual({ kind: 'group', title: 'Logging out of 2 registries' })
})

test('state from a main that saved only registries is undone with docker', async () => {
  const runner = fakeRunner({ state: { registries: `${H1},${H2}` } })
  const clients = fakeClients()
  await run({ runner, clients, env: {} })
  expect(clients.logouts.map(l => `${l.client} ${l.host}`).sort()).toEqual([`docker ${H1}`, `docker ${H2}`])
})

test('unknown clients, hosts that read as options and unreadable state are not acted on', async () => {
  const runner = fakeRunner({
    state: { logins: JSON.stringify({ docker: ['--help', H1, 7], nerdctl: [H2] }) }
  })
  const clients = fakeClients()
  await run({ runner, clients, env: {} })
  expect(clients.logouts).toEqual([{ client: 'docker', host: H1 }])

  const garbled = fakeClients()
  await run({ runner: fakeRunner({ state: { logins: '{nope', registries: H1 } }), clients: garbled, env: {} })
  expect(garbled.logouts).toEqual([])
})

describe('docker-config: job', () => {
  let temp: string
  let root: string
  let env: NodeJS.ProcessEnv
  beforeEach(async () => {
    temp = await fs.mkdtemp(join(tmpdir(), 'ecr-login-logout-test-'))
    root = join(temp, 'ecr-login-job-abc')
    env = { RUNNER_TEMP: temp }
    await fs.mkdir(join(root, 'docker'), { recursive: true })
  })
  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true })
  })

  test('the clients log out of the job’s configs, whatever DOCKER_CONFIG says now, then the configs are removed', async () => {
    const job = { root, dockerConfig: join(root, 'docker'), authFile: join(root, 'containers', 'auth.json') }
    const runner = fakeRunner({
      state: { 'job-config': JSON.stringify(job), logins: JSON.stringify({ docker: [H1], podman: [H1] }) }
    })
    const clients = fakeClients()
    expect(
      await run({ runner, clients, env: { ...env, DOCKER_CONFIG: '/changed/by/a/later/step', HOME: '/h' } })
    ).toBeUndefined()
    expect(
      clients.created.map(c => [c.name, c.env.DOCKER_CONFIG, c.env.REGISTRY_AUTH_FILE, c.env.HOME])
    ).toEqual([
      ['docker', job.dockerConfig, job.authFile, '/h'],
      ['podman', job.dockerConfig, job.authFile, '/h']
    ])
    expect(clients.logouts).toHaveLength(2)
    await expect(fs.stat(root)).rejects.toThrow()
    expect(runner.messages('info')).toContain(`Removed this job's registry configs in ${root}`)
  })

  test('with nothing to log out of (credential-helper mode) the configs are still removed', async () => {
    const runner = fakeRunner({
      state: { 'job-config': JSON.stringify({ root, dockerConfig: join(root, 'docker') }) }
    })
    expect(await run({ runner, clients: fakeClients(), env })).toBeUndefined()
    await expect(fs.stat(root)).rejects.toThrow()
    expect(runner.messages('info')).not.toContain('No registries to log out of.')
  })

  test('a saved path this action did not make is left alone, with a warning', async () => {
    const runner = fakeRunner({ state: { 'job-config': JSON.stringify({ root: temp, dockerConfig: root }) } })
    await run({ runner, clients: fakeClients(), env })
    expect((await fs.stat(root)).isDirectory()).toBe(true)
    expect(runner.messages('warning')).toEqual([
      `Left ${temp} in place: it is not a directory this action made.`
    ])
  })
})

test('a logout that hangs is ended at login-timeout and reported like any failed logout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-logout-'))
  await fs.mkdir(join(dir, 'docker'))
  try {
    const runner = fakeRunner({ state: { registries: `${H1},${H2}` }, inputs: { 'login-timeout': '1' } })
    // The real CLI client; its `docker logout` for H2 hangs the way a blocked credsStore helper does.
    const docker = cliDocker({
      env: { DOCKER_CONFIG: join(dir, 'docker') },
      tempDir: dir,
      run: (_program, args, options) =>
        execProcess(process.execPath, ['-e', args.includes(H2) ? 'setTimeout(() => {}, 60000)' : '0'], {
          env: options.env,
          timeoutMs: options.timeoutMs
        })
    })
    const started = Date.now()
    const clients: ClientFactory = { locate: () => '/usr/bin/docker', create: () => docker }
    const error = await run({ runner, clients, env: {} })
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(error?.message).toBe(`Failed to logout: ${H2}`)
    expect(runner.messages('info')).toContain(`${H1}: logged out with docker`)
    expect(runner.messages('error')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Could not logout of registry ${H2.replace(/\./g, '\\.')}: docker logout did not finish within its time-out .*\\(login-timeout: 1 s\\)\\n`
        )
      )
    ])
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
})

describe('post logs out where main logged in', () => {
  let temp: string
  beforeEach(async () => {
    temp = await fs.mkdtemp(join(tmpdir(), 'ecr-login-logout-where-'))
  })
  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true })
  })

  test('the clients get the config dir and auth file main recorded, not the DOCKER_CONFIG a later step exported', async () => {
    const dockerConfig = join(temp, 'home', '.docker')
    await fs.mkdir(dockerConfig, { recursive: true })
    const configs = { dockerConfig, authFile: join(temp, 'run', 'auth.json') }
    const runner = fakeRunner({
      state: { configs: JSON.stringify(configs), logins: JSON.stringify({ docker: [H1], podman: [H1] }) }
    })
    const clients = fakeClients()
    const later = {
      DOCKER_CONFIG: join(temp, 'later'),
      REGISTRY_AUTH_FILE: join(temp, 'later.json'),
      HOME: '/h'
    }
    expect(await run({ runner, clients, env: later })).toBeUndefined()
    expect(
      clients.created.map(c => [c.name, c.env.DOCKER_CONFIG, c.env.REGISTRY_AUTH_FILE, c.env.HOME])
    ).toEqual([
      ['docker', dockerConfig, configs.authFile, '/h'],
      ['podman', dockerConfig, configs.authFile, '/h']
    ])
  })

  test('an auth file that was Docker’s config.json is found again the same way', async () => {
    const dockerConfig = join(temp, 'docker')
    await fs.mkdir(dockerConfig)
    const runner = fakeRunner({
      state: {
        configs: JSON.stringify({ dockerConfig, authFile: join(dockerConfig, 'config.json') }),
        logins: JSON.stringify({ skopeo: [H1] })
      }
    })
    const clients = fakeClients()
    await run({ runner, clients, env: { REGISTRY_AUTH_FILE: join(temp, 'later.json') } })
    expect(clients.created[0].env.DOCKER_CONFIG).toBe(dockerConfig)
    expect(clients.created[0].env).not.toHaveProperty('REGISTRY_AUTH_FILE')
  })

  test('a recorded config dir that no longer exists is not made again, and nothing is run there', async () => {
    const gone = join(temp, 'job', 'docker')
    const runner = fakeRunner({
      state: {
        configs: JSON.stringify({ dockerConfig: gone, authFile: join(gone, 'config.json') }),
        logins: JSON.stringify({ docker: [H1] })
      }
    })
    const calls: string[][] = []
    const clients: ClientFactory = {
      locate: () => '/usr/bin/docker',
      create: (_name, env) =>
        cliDocker({
          env,
          tempDir: temp,
          run: async (_program, args) => {
            calls.push(args)
            return { code: 0, stdout: '', stderr: '', timedOut: false }
          }
        })
    }
    expect(await run({ runner, clients, env: {} })).toBeUndefined()
    expect(calls).toEqual([])
    await expect(fs.stat(join(temp, 'job'))).rejects.toThrow()
  })

  test('a job config another post removed already is not made again, and its logins count as gone', async () => {
    const root = join(temp, 'ecr-login-job-abc123')
    const job = { root, dockerConfig: join(root, 'docker') }
    const runner = fakeRunner({
      state: { 'job-config': JSON.stringify(job), logins: JSON.stringify({ docker: [H1] }) }
    })
    const clients = fakeClients()
    expect(await run({ runner, clients, env: { RUNNER_TEMP: temp } })).toBeUndefined()
    expect(clients.created).toEqual([])
    await expect(fs.lstat(root)).rejects.toThrow()
    expect(runner.messages('warning')).toEqual([])
  })

  test('logins in a job config that is no longer the one main made are neither logged out nor removed', async () => {
    const elsewhere = join(temp, 'home', 'ecr-login-job-abc123')
    await fs.mkdir(join(elsewhere, 'docker'), { recursive: true })
    const job = { root: elsewhere, dockerConfig: join(elsewhere, 'docker') }
    const runner = fakeRunner({
      state: { 'job-config': JSON.stringify(job), logins: JSON.stringify({ docker: [H1] }) }
    })
    const clients = fakeClients()
    const error = await run({ runner, clients, env: { RUNNER_TEMP: temp } })
    expect(error?.message).toBe(`Failed to logout: ${H1}`)
    expect(clients.created).toEqual([])
    expect((await fs.stat(join(elsewhere, 'docker'))).isDirectory()).toBe(true)
    expect(runner.messages('warning')).toEqual([
      `Left ${elsewhere} in place: it is not a directory this action made.`
    ])
  })

  test('a credential-helper directory that is not the job’s is left alone; a missing config dir is not made', async () => {
    const planted = join(temp, 'home', 'ecr-login-helper')
    await fs.mkdir(planted, { recursive: true })
    await fs.writeFile(join(planted, 'keep'), 'mine')
    const configDir = join(temp, 'gone', '.docker')
    const helper = { configDir, jobDir: planted, hadCredHelpers: false, previous: { [H1]: null } }
    const runner = fakeRunner({ state: { 'credential-helpers': JSON.stringify(helper) } })
    expect(
      await run({ runner, clients: fakeClients(), env: { RUNNER_TEMP: join(temp, 'temp') } })
    ).toBeUndefined()
    expect(await fs.readFile(join(planted, 'keep'), 'utf8')).toBe('mine')
    await expect(fs.stat(join(temp, 'gone'))).rejects.toThrow()
  })
})

test('every state name post reads is one main saves, empty when unused, before anything else', async () => {
  const saved = fakeRunner()
  // Windows finds the home in USERPROFILE, whatever HOME says.
  const home = { HOME: '/home/me', USERPROFILE: 'C:\\Users\\me' }
  saveInitialState(saved, home)
  const dockerConfig = process.platform === 'win32' ? 'C:\\Users\\me\\.docker' : '/home/me/.docker'
  expect(Object.entries(saved.state).filter(([, value]) => value !== '')).toEqual([
    ['configs', JSON.stringify({ dockerConfig, authFile: authFilePath(home) })]
  ])
  // Whatever post reads, in every path through it, main saved: the runner then hands post main's
  // value, never one a later step set through GITHUB_ENV.
  const read = new Set<string>()
  for (const state of [{}, { logins: JSON.stringify({ docker: [H1] }) }, { registries: H1 }] as Record<
    string,
    string
  >[]) {
    const runner = fakeRunner({ state })
    const getState = runner.getState
    runner.getState = name => {
      read.add(name)
      return getState(name)
    }
    await run({ runner, clients: fakeClients(), env: {} })
  }
  expect([...read].filter(name => !(name in saved.state))).toEqual([])
  expect([...read].sort()).toEqual(Object.keys(saved.state).sort())
})

test('post hands the clients where main kept each token (a store, or the file with an override)', async () => {
  const kept = { [H1]: { store: 'secretservice', override: true }, [H2]: { store: '', override: true } }
  const runner = fakeRunner({
    state: { registries: `${H1},${H2}`, 'credential-stores': JSON.stringify(kept) }
  })
  const docker = fakeClients()
  const given: unknown[] = []
  const clients: ClientFactory = {
    locate: docker.locate,
    create: (name, env, options) => {
      given.push(options?.kept)
      return docker.create(name, env)
    }
  }
  expect(await run({ runner, clients, env: {} })).toBeUndefined()
  expect(given).toEqual([new Map(Object.entries(kept))])
})

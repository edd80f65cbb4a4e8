import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { logoutNow, loggedOutEarly, postAfterLogoutStep } from '../../src/early-logout.js'
import { logout } from '../../src/logout.js'
import {
  forgetRecord,
  readRecord,
  recordingRunner,
  RECORD_DIR,
  RECORD_STATE
} from '../../src/login-record.js'
import { fakeClients, fakeRunner } from '../support/fakes.js'
import { expectMode, posixTest } from '../support/platform.js'

const H1 = '111111111111.dkr.ecr.us-east-1.amazonaws.com'
const H2 = '222222222222.dkr.ecr.eu-west-1.amazonaws.com'
const NOW = new Date('2026-12-03T12:00:00.000Z')

let temp: string
let env: NodeJS.ProcessEnv
beforeEach(() => {
  temp = mkdtempSync(join(tmpdir(), 'early-logout-'))
  env = { RUNNER_TEMP: temp, GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1', GITHUB_JOB: 'build', HOME: temp }
})
afterEach(() => rmSync(temp, { recursive: true, force: true }))

/** What a login step leaves: its saved state (for its post) and its record (for the sub-action). */
function loginStep(states: Record<string, string>, at = 1000) {
  const main = fakeRunner()
  const exits: (() => void)[] = []
  const runner = recordingRunner(main, env, { now: () => at, atExit: flush => exits.push(flush) })
  for (const [name, value] of Object.entries(states)) runner.saveState(name, value)
  // Nothing is written before the step ends, then once.
  if (main.state[RECORD_STATE]) expect(() => statSync(main.state[RECORD_STATE])).toThrow(/ENOENT/)
  for (const exit of exits) exit()
  expect(exits.length).toBeLessThanOrEqual(1)
  return { state: main.state, file: main.state[RECORD_STATE], runner: main }
}

const dockerLogins = (...hosts: string[]) => ({
  registries: hosts.join(','),
  logins: JSON.stringify({ docker: hosts })
})

describe('the login record', () => {
  test('main saves every state as before, plus where its record is; the record is private to the user', async () => {
    const { state, file } = loginStep(dockerLogins(H1))
    expect(state).toEqual({
      ...dockerLogins(H1),
      [RECORD_STATE]: join(temp, RECORD_DIR, `1000-${process.pid}.json`)
    })
    await expectMode(join(temp, RECORD_DIR), 0o700)
    await expectMode(file, 0o600)
    expect(readRecord(file, env)).toEqual({
      version: 1,
      job: { runId: '42', runAttempt: '1', job: 'build' },
      states: dockerLogins(H1)
    })
    expect(readdirSync(join(temp, RECORD_DIR))).toEqual([`1000-${process.pid}.json`])
  })

  test('a step that saved only empty states and where it logs in leaves no record', () => {
    const empty = { registries: '', logins: '', 'job-config': '', configs: '{"dockerConfig":"/x"}' }
    const { state } = loginStep(empty)
    expect(state).toEqual(empty)
    expect(() => readdirSync(join(temp, RECORD_DIR))).toThrow(/ENOENT/)
  })

  test('the first state that names something to undo starts the record, which keeps the earlier ones', () => {
    const { file } = loginStep({ 'job-config': '', configs: '{"dockerConfig":"/x"}', ...dockerLogins(H1) })
    expect(readRecord(file, env)?.states).toEqual({
      'job-config': '',
      configs: '{"dockerConfig":"/x"}',
      ...dockerLogins(H1)
    })
  })

  test('outside a runner (no RUNNER_TEMP) nothing is recorded and state is saved as before', () => {
    delete env.RUNNER_TEMP
    const { state } = loginStep(dockerLogins(H1))
    expect(state).toEqual(dockerLogins(H1))
  })

  // Windows has no mode bits (login-record.ts checks none there), and links of files need a privilege.
  posixTest('a record directory another user could write costs a warning, never the login', () => {
    mkdirSync(join(temp, RECORD_DIR), { mode: 0o777 })
    chmodSync(join(temp, RECORD_DIR), 0o777)
    const { state, runner } = loginStep({ registries: H1 })
    expect(state).toEqual({ registries: H1 })
    expect(runner.messages('warning')).toEqual([expect.stringContaining('other users can open it')])
  })

  const spoilers: [string, (file: string) => void, string][] = [
    [
      'a symlink',
      (file: string) => {
        const real = `${file}.real`
        writeFileSync(real, readFileSync(file), { mode: 0o600 })
        rmSync(file)
        symlinkSync(real, file)
      },
      'it is not a file'
    ],
    ['open to others', (file: string) => chmodSync(file, 0o644), 'other users can open it']
  ]
  posixTest.each(spoilers)('a record that is %s is refused', (_what, spoil, reason) => {
    const { file } = loginStep(dockerLogins(H1))
    spoil(file)
    expect(() => readRecord(file, env)).toThrow(reason)
  })

  test.each([
    ['hard-linked', (file: string) => linkSync(file, join(temp, 'elsewhere')), 'another hard link'],
    ['not JSON', (file: string) => writeFileSync(file, 'nope'), 'not a login record'],
    [
      'of another job',
      (file: string) => {
        const record = JSON.parse(readFileSync(file, 'utf8'))
        writeFileSync(file, JSON.stringify({ ...record, job: { ...record.job, runId: '41' } }))
      },
      "another job's login record"
    ]
  ])('a record that is %s is refused', (_what, spoil, reason) => {
    const { file } = loginStep(dockerLogins(H1))
    spoil(file)
    expect(() => readRecord(file, env)).toThrow(reason)
  })

  // "Not ours" is made with a mode, which Windows does not have.
  posixTest(
    'forgetRecord removes the record, and the directory with the last one; not a file that is not ours',
    () => {
      const first = loginStep(dockerLogins(H1)).file
      loginStep({ registries: H2 }, 2000)
      const other = join(temp, RECORD_DIR, `2000-${process.pid}.json`)
      chmodSync(other, 0o644)
      forgetRecord(first, env)
      forgetRecord(other, env)
      expect(readdirSync(join(temp, RECORD_DIR))).toEqual([`2000-${process.pid}.json`])
      chmodSync(other, 0o600)
      forgetRecord(other, env)
      expect(readdirSync(temp)).toEqual([])
    }
  )
})

describe('logoutNow', () => {
  test('replays every record through post’s story, marks it done, and says “Logout step” in the summary', async () => {
    const a = loginStep(dockerLogins(H1))
    loginStep({ registries: H2, logins: JSON.stringify({ podman: [H2] }) }, 2000)
    const runner = fakeRunner({ inputs: { 'login-timeout': '30' } })
    const clients = fakeClients({ onPath: ['docker', 'podman'] })
    await logoutNow({ runner, clients, env, now: () => NOW })
    expect(clients.logouts).toEqual([
      { client: 'docker', host: H1 },
      { client: 'podman', host: H2 }
    ])
    expect(runner.summaries.map(s => s.lines)).toEqual([
      [`Logout step: logged out of ${H1}.`],
      [`Logout step: logged out of ${H2}.`]
    ])
    expect(readRecord(a.file, env).loggedOutAt).toBe(NOW.toISOString())

    // A second logout step finds nothing left to do.
    const again = fakeRunner({ inputs: { 'login-timeout': '30' } })
    await logoutNow({ runner: again, clients, env, now: () => NOW })
    expect(clients.logouts).toHaveLength(2)
    expect(again.messages('info')).toContain('No login of this job is left to log out of.')
  })

  test('a record whose job config is not under RUNNER_TEMP is not acted on', async () => {
    const { file } = loginStep({
      ...dockerLogins(H1),
      'job-config': JSON.stringify({
        root: '/home/me/ecr-login-job-x',
        dockerConfig: '/home/me/ecr-login-job-x/docker'
      })
    })
    const runner = fakeRunner({ inputs: { 'login-timeout': '30' } })
    const clients = fakeClients()
    await logoutNow({ runner, clients, env, now: () => NOW })
    expect(clients.logouts).toEqual([])
    expect(runner.messages('warning')).toEqual([expect.stringContaining('is not one ecr-login makes in')])
    expect(readRecord(file, env).loggedOutAt).toBeUndefined()
  })

  test('a failed logout leaves the record for post and fails the step', async () => {
    const { file } = loginStep(dockerLogins(H1))
    const runner = fakeRunner({ inputs: { 'login-timeout': '30' } })
    const clients = fakeClients({ fail: { [H1]: new Error('daemon gone') } })
    await expect(logoutNow({ runner, clients, env, now: () => NOW })).rejects.toThrow(
      'Could not log out of everything'
    )
    expect(readRecord(file, env).loggedOutAt).toBeUndefined()
  })

  test('outside a runner it fails naming RUNNER_TEMP', async () => {
    await expect(
      logoutNow({ runner: fakeRunner(), clients: fakeClients(), env: {}, now: () => NOW })
    ).rejects.toThrow('RUNNER_TEMP is not set')
  })
})

describe('post after the logout step', () => {
  test('nothing left: post says so, runs no client, and removes its record', async () => {
    const { state, file } = loginStep(dockerLogins(H1))
    await logoutNow({
      runner: fakeRunner({ inputs: { 'login-timeout': '30' } }),
      clients: fakeClients(),
      env,
      now: () => NOW
    })
    const post = fakeRunner({ state, inputs: { 'login-timeout': '30' } })
    const clients = fakeClients()
    await postAfterLogoutStep({ runner: post, clients, env }, logout)
    expect(clients.logouts).toEqual([])
    expect(post.messages('info')).toEqual([
      `Nothing left to log out of: the logout step logged out of ${H1} at ${NOW.toISOString()}.`
    ])
    expect(() => statSync(file)).toThrow(/ENOENT/)
  })

  test('a record marked done while the login is still in config.json: post logs out as usual', async () => {
    const docker = join(temp, 'docker')
    mkdirSync(docker)
    writeFileSync(join(docker, 'config.json'), JSON.stringify({ auths: { [H1]: { auth: 'eA==' } } }))
    env.DOCKER_CONFIG = docker
    const { state, file } = loginStep(dockerLogins(H1))
    const record = JSON.parse(readFileSync(file, 'utf8'))
    writeFileSync(file, JSON.stringify({ ...record, loggedOutAt: NOW.toISOString() }))
    const post = fakeRunner({ state, inputs: { 'login-timeout': '30' } })
    expect(await loggedOutEarly(post, env)).toBe(false)
    expect(post.messages('warning')).toEqual([
      expect.stringContaining(`but ${H1} (docker) is still there: logging out`)
    ])
  })

  test('without the logout step post is unchanged', async () => {
    const { state } = loginStep(dockerLogins(H1))
    const post = fakeRunner({ state, inputs: { 'login-timeout': '30' } })
    const clients = fakeClients()
    await postAfterLogoutStep({ runner: post, clients, env }, logout)
    expect(clients.logouts).toEqual([{ client: 'docker', host: H1 }])
    expect(readdirSync(temp)).toEqual([])
  })
})

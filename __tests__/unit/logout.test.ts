import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cliDocker } from '../../src/docker.js'
import { UserError } from '../../src/errors.js'
import { logout } from '../../src/logout.js'
import { execProcess } from '../../src/process.js'
import { fakeDocker, fakeRunner } from '../support/fakes.js'

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
  const docker = fakeDocker()
  expect(await run({ runner, docker })).toBeUndefined()
  expect(runner.messages('info')).toEqual(['No registries to log out of.'])
  expect(docker.logouts).toEqual([])
})

test('logs out of every saved host', async () => {
  const runner = fakeRunner({ state: { registries: `${H1},${H2},${H3}` } })
  const docker = fakeDocker()
  expect(await run({ runner, docker })).toBeUndefined()
  expect(docker.logouts.sort()).toEqual([H1, H2, H3].sort())
  expect(runner.events[0]).toEqual({ kind: 'group', title: 'Logging out of 3 registries' })
  expect(runner.messages('info')).toEqual(expect.arrayContaining([H1, H2, H3].map(h => `${h}: logged out`)))
  expect(runner.summaries).toEqual([{ lines: [`Post step: logged out of ${H1}, ${H2}, ${H3}.`] }])
  expect(runner.messages('error')).toEqual([])
})

test('a failing host does not stop the others; the error lists the failed hosts in logged-in order', async () => {
  const runner = fakeRunner({ state: { registries: [H1, H2, H3, H4].join(',') } })
  const docker = fakeDocker({
    // H3 fails first, H1 last: the message still follows the saved order.
    delay: h => (h === H1 ? 30 : 1),
    fail: {
      [H1]: new UserError(`Could not logout of registry ${H1}: daemon gone`),
      [H3]: new Error('exec failed')
    }
  })
  const error = await run({ runner, docker })
  expect(error?.message).toBe(`Failed to logout: ${H1},${H3}`)
  expect(docker.logouts.sort()).toEqual([H2, H4].sort())
  expect(runner.messages('error').sort()).toEqual(
    [`Could not logout of registry ${H1}: daemon gone`, 'exec failed'].sort()
  )
})

test('a logout that hangs is ended at login-timeout and reported like any failed logout', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-logout-'))
  try {
    const runner = fakeRunner({ state: { registries: `${H1},${H2}` }, inputs: { 'login-timeout': '1' } })
    // The real CLI client; its `docker logout` for H2 hangs the way a blocked credsStore helper does.
    const docker = cliDocker({
      env: { DOCKER_CONFIG: join(dir, 'docker') },
      tempDir: dir,
      run: (args, options) =>
        execProcess('sh', ['-c', args.includes(H2) ? 'sleep 60' : 'exit 0'], {
          env: options.env,
          timeoutMs: options.timeoutMs
        })
    })
    const started = Date.now()
    const error = await run({ runner, docker })
    expect(Date.now() - started).toBeLessThan(4_000)
    expect(error?.message).toBe(`Failed to logout: ${H2}`)
    expect(runner.messages('info')).toContain(`${H1}: logged out`)
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

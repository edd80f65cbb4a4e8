import { UserError } from '../../src/errors.js'
import { logout } from '../../src/logout.js'
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

// Bug: with skip-logout post said "No registries to log out of.", as if main had logged into none.
test('with skip-logout, post says logout was skipped', async () => {
  const runner = fakeRunner({ inputs: { 'skip-logout': 'TRUE' } })
  const docker = fakeDocker()
  expect(await run({ runner, docker })).toBeUndefined()
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
    const docker = fakeDocker()
    const error = await run({ runner, docker })
    expect(docker.logouts.sort()).toEqual([H1, H2].sort())
    expect(runner.messages('error')).toEqual([
      `The saved state 'registries' holds '${entry}', which is not an ECR registry host, so it was not logged out of.`
    ])
    expect(error?.message).toBe(`Failed to logout: ${entry}`)
  }
)

test('a host saved twice in two spellings is logged out of once', async () => {
  const runner = fakeRunner({ state: { registries: `${H1},${H1.toUpperCase()},${H2}` } })
  const docker = fakeDocker()
  expect(await run({ runner, docker })).toBeUndefined()
  expect(docker.logouts.sort()).toEqual([H1, H2].sort())
})

// A profile, a role or an alias per registry (the list form of `registries`), run as the runner
// runs the action: the emulator's STS issues temporary keys that its ECR side then requires, a
// fake OIDC endpoint issues the job's tokens, and the alias host reaches the world's registry.
import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { ACTION_NODE, docker, importImage, REPO_ROOT, runJob, runStep } from '../support/action-runner.js'
import { EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { OidcServer } from '../support/oidc-server.js'
import { ALIAS_HOST, registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const [KEY_ONE, KEY_TWO] = EMULATOR_KEYS
const HOST_1 = registryHost('111111111111', 'us-east-1')
const HOST_2 = registryHost('222222222222', 'eu-west-1')
const HOST_3 = registryHost('333333333333', 'us-east-1')
const ROLE = 'arn:aws:iam::333333333333:role/ecr-push'
const DENIED = 'arn:aws:iam::333333333333:role/denied-push'
const env = (extra: Record<string, string | undefined> = {}) =>
  actionEnv(ctx, { AWS_ENDPOINT_URL_STS: ctx.emulator.url, GITHUB_RUN_ID: '4242', ...extra })

async function push(host: string): Promise<{ code: number; stderr: string }> {
  const tag = `${host}/e2e/app:${Date.now()}${Math.floor(Math.random() * 1000)}`
  await importImage(tag)
  return docker(['push', tag], { configDir: ctx.configDir })
}

/** What a step wrote that a later step or a reader of the log could see, add-mask lines aside. */
function visible(step: {
  stdout: string
  stderr: string
  outputs: object
  state: object
  summary: string
}): string {
  return [
    step.stdout.replace(/^::add-mask::.*$/gm, ''),
    step.stderr,
    JSON.stringify(step.outputs),
    JSON.stringify(step.state),
    step.summary
  ].join('\n')
}

test('two profiles in one step: each API call is signed by its profile’s key', async () => {
  const credentials = join(ctx.dir, 'credentials')
  await fs.writeFile(
    credentials,
    [KEY_ONE, KEY_TWO]
      .map(
        (k, i) =>
          `[${i ? 'two' : 'one'}]\naws_access_key_id = ${k.accessKeyId}\naws_secret_access_key = ${k.secretAccessKey}\n`
      )
      .join('\n')
  )
  const { main } = await runJob({
    inputs: {
      registries: `- registry: ${HOST_1}\n  aws-profile: one\n- registry: ${HOST_2}\n  aws-profile: two`
    },
    // No default credentials at all: only the profiles can sign.
    env: env({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SHARED_CREDENTIALS_FILE: credentials,
      AWS_CONFIG_FILE: join(ctx.dir, 'no-config')
    })
  })
  expect(main.stderr).toBe('')
  expect(main.code).toBe(0)
  expect(ctx.emulator.calls.map(c => [c.registryIds, c.accessKeyId, c.status]).sort()).toEqual([
    [['111111111111'], KEY_ONE.accessKeyId, 200],
    [['222222222222'], KEY_TWO.accessKeyId, 200]
  ])
  expect(main.stdout).toContain(`${HOST_1} (us-east-1, profile one): logged in with docker`)
  expect(main.stdout).toContain(`${HOST_2} (eu-west-1, profile two): logged in with docker`)
  expect(main.summary).toContain('<td>profile two</td>')
})

test('a role assumed with the default credentials, next to a registry without one; its keys never leak', async () => {
  const { main, post } = await runJob({
    inputs: { registries: `- ${HOST_1}\n- registry: ${HOST_3}\n  role-to-assume: ${ROLE}` },
    // With debug logging on too, nothing but the masks carries the temporary keys.
    env: env({ RUNNER_DEBUG: '1' })
  })
  expect(main.stderr).toBe('')
  expect(main.code).toBe(0)
  expect(
    ctx.emulator.stsCalls.map(c => [c.action, c.roleArn, c.sessionName, c.accessKeyId, c.status])
  ).toEqual([['AssumeRole', ROLE, 'ecr-login-4242', KEY_ONE.accessKeyId, 200]])
  const issued = ctx.emulator.issuedKey(ctx.emulator.stsCalls[0].issued!)!
  const byRegistry = Object.fromEntries(
    ctx.emulator.calls.map(c => [c.registryIds?.[0], [c.accessKeyId, c.status]])
  )
  expect(byRegistry).toEqual({
    '111111111111': [KEY_ONE.accessKeyId, 200],
    '333333333333': [issued.accessKeyId, 200]
  })
  // The temporary secret and session token are masked and appear nowhere else.
  expect(main.masks).toEqual(expect.arrayContaining([issued.secretAccessKey, issued.sessionToken]))
  for (const step of [main, post]) {
    expect(visible(step)).not.toContain(issued.secretAccessKey)
    expect(visible(step)).not.toContain(issued.sessionToken)
  }
  expect(main.stdout).toContain(`${HOST_3} (us-east-1, role ${ROLE}): logged in with docker`)
  expect(main.summary).toContain(`<td>role ${ROLE}</td>`)
  expect(Object.keys((await readDockerConfig(ctx)).auths ?? {})).toEqual([])
})

describe('through OIDC', () => {
  let oidc: OidcServer
  beforeAll(async () => {
    oidc = await OidcServer.start({ host: '127.0.0.3' })
    ctx.emulator.webIdentity = oidc.verify
  })
  afterAll(() => oidc.stop())

  test('a role assumed with the job’s OIDC token when the step has no AWS credentials at all', async () => {
    const { main } = await runJob({
      inputs: { registries: `- registry: ${HOST_3}\n  role-to-assume: ${ROLE}\n  role-session-name: deploy` },
      env: env({
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
        RUNNER_DEBUG: '1'
      })
    })
    expect(main.stderr).toBe('')
    expect(main.code).toBe(0)
    expect(oidc.requests).toEqual([{ audience: 'sts.amazonaws.com', authorized: true }])
    expect(ctx.emulator.stsCalls.map(c => [c.action, c.roleArn, c.sessionName, c.subject, c.status])).toEqual(
      [['AssumeRoleWithWebIdentity', ROLE, 'deploy', oidc.subject, 200]]
    )
    const issued = ctx.emulator.issuedKey(ctx.emulator.stsCalls[0].issued!)!
    expect(ctx.emulator.calls.map(c => [c.accessKeyId, c.status])).toEqual([[issued.accessKeyId, 200]])
    expect(main.masks).toEqual(expect.arrayContaining([issued.secretAccessKey, issued.sessionToken]))
    // The OIDC token is masked and appears nowhere else, nor does the request token.
    const token = main.masks.find(m => oidc.verify(m))
    expect(token).toBeDefined()
    for (const secret of [token!, issued.secretAccessKey, issued.sessionToken, oidc.requestToken]) {
      expect(visible(main)).not.toContain(secret)
    }
    expect(main.outputs[`docker_password_333333333333_dkr_ecr_us_east_1_amazonaws_com`]).toBe(WORLD_PASSWORD)
  })

  test('a denied role through OIDC names the role, the token’s subject and the trust policy', async () => {
    const { main } = await runJob({
      inputs: { registries: `- registry: ${HOST_3}\n  role-to-assume: ${DENIED}` },
      env: env({
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        ACTIONS_ID_TOKEN_REQUEST_URL: oidc.url,
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken
      })
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain(
      `Could not assume role ${DENIED} as the job's GitHub OIDC token (sub ${oidc.subject})`
    )
    expect(main.errors.join('\n')).toMatch(/token\.actions\.githubusercontent\.com/)
    expect(ctx.emulator.calls).toEqual([])
  })
})

test('a role is assumed in its registry’s region, whatever AWS_REGION says', async () => {
  const west = registryHost('333333333333', 'eu-west-1')
  const { main } = await runJob({
    inputs: { registries: `- registry: ${west}\n  role-to-assume: ${ROLE}` },
    env: env({ AWS_REGION: 'us-east-1' })
  })
  expect(main.code).toBe(0)
  expect(ctx.emulator.stsCalls.map(c => [c.action, c.region])).toEqual([['AssumeRole', 'eu-west-1']])
  expect(ctx.emulator.calls.map(c => [c.region, c.accessKeyId])).toEqual([
    ['eu-west-1', ctx.emulator.stsCalls[0].issued]
  ])
})

test('no AWS credentials and no OIDC token to request: the error asks for id-token: write', async () => {
  const { main } = await runJob({
    inputs: { registries: `- registry: ${HOST_3}\n  role-to-assume: ${ROLE}` },
    env: env({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined })
  })
  expect(main.code).toBe(1)
  expect(main.errors.join('\n')).toContain(`Could not assume role ${ROLE}: the step has no AWS credentials`)
  expect(main.errors.join('\n')).toContain('id-token: write')
  expect(ctx.emulator.stsCalls).toEqual([])
})

test('a denied role names the role ARN, the principal and the likely cause; the other registry still logs in', async () => {
  const { main } = await runJob({
    inputs: { registries: `- ${HOST_1}\n- registry: ${HOST_3}\n  role-to-assume: ${DENIED}` },
    env: env()
  })
  expect(main.code).toBe(1)
  const error = main.errors.join('\n')
  expect(error).toContain(
    `Could not assume role ${DENIED} as arn:aws:iam::111111111111:user/ci (the step's default credentials): AccessDenied`
  )
  expect(error).toContain('trust policy must allow arn:aws:iam::111111111111:user/ci to call sts:AssumeRole')
  expect(main.outputs.registries).toBe(HOST_1)
  expect(ctx.emulator.calls.map(c => c.registryIds)).toEqual([['111111111111']])
})

test('an alias: docker pushes to the alias host after main and is refused after post', async () => {
  const { main, post } = await runJob({
    inputs: { registries: `- registry: ${HOST_1}\n  alias: ${ALIAS_HOST}` },
    env: env(),
    between: async () => {
      expect((await push(ALIAS_HOST)).code).toBe(0)
    }
  })
  expect(main.code).toBe(0)
  expect(main.outputs.registry).toBe(ALIAS_HOST)
  expect(main.outputs.registries).toBe(ALIAS_HOST)
  expect(main.outputs.docker_password_registry_company_example).toBe(WORLD_PASSWORD)
  expect(main.state.registries).toBe(ALIAS_HOST)
  expect(main.stdout).toContain(`${ALIAS_HOST} (alias of ${HOST_1}, us-east-1): logged in with docker`)
  expect(main.summary).toContain(`${ALIAS_HOST} (alias of ${HOST_1})`)
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`${ALIAS_HOST}: logged out with docker`)
  expect((await readDockerConfig(ctx)).auths).toEqual({})
  const after = await push(ALIAS_HOST)
  expect(after.code).not.toBe(0)
})

test('post refuses an alias host in state that the registries input does not name', async () => {
  const post = await runStep('post', {
    inputs: { registries: HOST_1 },
    env: env(),
    state: { logins: JSON.stringify({ docker: [ALIAS_HOST] }) }
  })
  expect(post.code).toBe(1)
  expect(post.errors.join('\n')).toContain(`holds '${ALIAS_HOST}', which is not an ECR registry host`)
})

test.each([
  [`- registry: ${HOST_1}\n  aws_profile: one`, `item 1 has the key 'aws_profile', which is not valid.`],
  [
    `- ${HOST_1}\n- registry: ${HOST_3}\n  role-to-assume: ${ROLE.replace('role/', 'user/')}`,
    'item 2 has role-to-assume'
  ],
  [`- registry: ${HOST_1}\n  aws-profile: nowhere`, "aws-profile: 'nowhere', which is in neither"],
  [`- registry: ${HOST_1}\n  alias: ${HOST_3}`, 'which is itself an ECR registry host'],
  [
    `- ${HOST_1}\n- registry: ${HOST_1}\n  role-to-assume: ${ROLE}`,
    'item 2 names the registry of item 1 again'
  ]
])('a bad item fails before any API or STS call: %j', async (registries, expected) => {
  const main = await runStep('main', { inputs: { registries }, env: env() })
  expect(main.code).toBe(1)
  expect(main.errors.join('\n')).toContain(expected)
  expect(ctx.emulator.calls).toEqual([])
  expect(ctx.emulator.stsCalls).toEqual([])
})

describe('credential-helper mode and the standalone helper', () => {
  test('an alias and a role: a later step’s pushes are served by the helper from the primed cache', async () => {
    const stepEnv = env({ AWS_ECR_CACHE_DIR: join(ctx.dir, 'ecr-cache') })
    const { main, post } = await runJob({
      inputs: {
        registries: `- registry: ${HOST_1}\n  alias: ${ALIAS_HOST}\n- registry: ${HOST_3}\n  role-to-assume: ${ROLE}`,
        'credential-helper': 'true'
      },
      env: stepEnv,
      between: async main => {
        const later = { ...stepEnv, PATH: [...main.path, process.env.PATH].join(delimiter) }
        const calls = ctx.emulator.calls.length
        for (const host of [ALIAS_HOST, HOST_3]) {
          const tag = `${host}/e2e/helper:${Date.now()}`
          await importImage(tag)
          const pushed = await docker(['push', tag], { configDir: ctx.configDir, env: later })
          expect({ host, code: pushed.code }).toEqual({ host, code: 0 })
        }
        // Served from the cache main primed: no API or STS call after main's.
        expect(ctx.emulator.calls.length).toBe(calls)
        expect(ctx.emulator.stsCalls).toHaveLength(1)
      }
    })
    expect(main.code).toBe(0)
    expect(main.outputs.registries).toBe(`${ALIAS_HOST},${HOST_3}`)
    expect(main.stdout).toContain(
      `Docker will get credentials for ${ALIAS_HOST} from docker-credential-ecr-login`
    )
    expect(post.code).toBe(0)
    expect((await readDockerConfig(ctx)).credHelpers).toBeUndefined()
  })

  test('the standalone helper fetches a role’s registry with the role and serves an alias, from its registries file', async () => {
    const file = join(ctx.dir, 'registries.json')
    await fs.writeFile(
      file,
      JSON.stringify([
        { registry: HOST_3, 'role-to-assume': ROLE },
        { registry: HOST_1, alias: ALIAS_HOST }
      ]),
      { mode: 0o600 }
    )
    const helperEnv = {
      ...Object.fromEntries(Object.entries(env()).filter(([, v]) => v !== undefined)),
      PATH: process.env.PATH,
      HOME: ctx.dir,
      AWS_ECR_CACHE_DIR: join(ctx.dir, 'ecr'),
      AWS_ECR_REGISTRIES_FILE: file
    } as NodeJS.ProcessEnv
    const get = (host: string) =>
      new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
        const child = spawn(ACTION_NODE, [join(REPO_ROOT, 'dist', 'helper', 'index.js'), 'get'], {
          env: helperEnv
        })
        let stdout = ''
        child.stdout.on('data', d => (stdout += d))
        child.on('error', reject)
        child.on('close', code => resolve({ code, stdout }))
        child.stdin.end(host)
      })
    const role = await get(HOST_3)
    expect(role.code).toBe(0)
    expect(JSON.parse(role.stdout)).toEqual({ ServerURL: HOST_3, Username: 'AWS', Secret: WORLD_PASSWORD })
    expect(ctx.emulator.stsCalls.map(c => [c.action, c.roleArn, c.accessKeyId, c.status])).toEqual([
      ['AssumeRole', ROLE, KEY_ONE.accessKeyId, 200]
    ])
    expect(ctx.emulator.calls.map(c => [c.registryIds, c.accessKeyId])).toEqual([
      [['333333333333'], ctx.emulator.stsCalls[0].issued]
    ])
    const alias = await get(ALIAS_HOST)
    expect(alias.code).toBe(0)
    expect(JSON.parse(alias.stdout)).toEqual({
      ServerURL: ALIAS_HOST,
      Username: 'AWS',
      Secret: WORLD_PASSWORD
    })
    expect(ctx.emulator.calls.map(c => c.registryIds)).toEqual([['333333333333'], ['111111111111']])
  })
})

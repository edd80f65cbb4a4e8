import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiOptions, ApiTarget } from '../../src/ecr/aws.js'
import type { Identity } from '../../src/ecr/identity.js'
import {
  defaultSessionName,
  roleError,
  roleSource,
  subjectOf,
  type Credentials
} from '../../src/ecr/identities.js'
import { UserError } from '../../src/errors.js'
import { login, type LoginDeps } from '../../src/login.js'
import { logout } from '../../src/logout.js'
import { fakeClients, fakeEcr, fakeRunner, passwordFor } from '../support/fakes.js'

const NOW = new Date('2026-01-02T03:04:05.000Z')
const A = '123456789012'
const B = '210987654321'
const HOST_A = `${A}.dkr.ecr.us-east-1.amazonaws.com`
const HOST_B = `${B}.dkr.ecr.us-east-1.amazonaws.com`
const ROLE = `arn:aws:iam::${B}:role/ecr-push`
const ALIAS = 'registry.company.example'

/** A login world whose identities resolve to keys named after them, recording each resolution. */
function world(registries: string, inputs: Record<string, string> = {}) {
  const runner = fakeRunner({ inputs: { registries, ...inputs } })
  const clients = fakeClients()
  const ecr = fakeEcr()
  const resolved: Identity[] = []
  const made: { api: ApiTarget; credentials?: Credentials }[] = []
  const deps: LoginDeps = {
    runner,
    clients,
    ecrFor: (api, options) => {
      made.push({ api, credentials: options.credentials })
      return ecr.ecrFor(api)
    },
    now: () => NOW,
    env: { AWS_REGION: 'us-east-1' },
    helper: {
      accessKeyId: async () => 'AKIAIOSFODNN7EXAMPLE',
      primeCache: async () => {
        throw new Error('not expected')
      }
    },
    credentialsFor: async (identity: Identity, _options: ApiOptions) => {
      resolved.push(identity)
      return { accessKeyId: `ASIA-${identity.roleArn ?? identity.profile}`, secretAccessKey: 'secret' }
    }
  }
  return { runner, clients, ecr, deps, resolved, made }
}

describe('identities per registry', () => {
  test('each identity gets its own API call, with its credentials; the plain registry the default chain', async () => {
    const w = world(`- ${HOST_A}\n- registry: ${HOST_B}\n  role-to-assume: ${ROLE}`)
    await login(w.deps)
    expect(w.resolved).toEqual([{ roleArn: ROLE }])
    expect(w.ecr.requests.map(r => r.registryIds)).toEqual(expect.arrayContaining([[A], [B]]))
    expect(w.made.map(m => m.credentials?.accessKeyId)).toEqual(
      expect.arrayContaining([undefined, `ASIA-${ROLE}`])
    )
    expect(w.clients.logins.map(l => [l.host, l.password])).toEqual(
      expect.arrayContaining([
        [HOST_A, passwordFor(A, 'us-east-1')],
        [HOST_B, passwordFor(B, 'us-east-1')]
      ])
    )
  })

  test('registries of one identity and region share one call; one identity is resolved once', async () => {
    const w = world(
      `- registry: ${A}\n  role-to-assume: ${ROLE}\n- registry: ${B}\n  role-to-assume: ${ROLE}\n- registry: public.ecr.aws\n  role-to-assume: ${ROLE}`
    )
    await login(w.deps)
    expect(w.resolved).toEqual([{ roleArn: ROLE }])
    expect(w.ecr.requests.filter(r => r.api.service === 'ecr').map(r => r.registryIds)).toEqual([[A, B]])
  })

  test('the log and the summary name the identity of each registry, never a secret', async () => {
    const w = world(`- ${HOST_A}\n- registry: ${HOST_B}\n  aws-profile: tools`)
    // Profiles are checked against the shared files before any call; these tests use none.
    w.deps.env = { ...w.deps.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' }
    expect(await login(w.deps).catch(e => (e as UserError).message)).toMatch(
      /aws-profile: 'tools', which is in neither \/dev\/null nor \/dev\/null/
    )
    const v = world(`- ${HOST_A}\n- registry: ${HOST_B}\n  role-to-assume: ${ROLE}`)
    await login(v.deps)
    expect(v.runner.messages('info')).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${HOST_B} \\(us-east-1, role ${ROLE}\\): token`))
      ])
    )
    const table = v.runner.summaries[0].table!
    expect(table[0]).toEqual(['Registry', 'Region', 'Identity', 'Logged in with', 'Token expires (UTC)'])
    expect(table.slice(1).map(r => r[2])).toEqual(['default credentials', `role ${ROLE}`])
    expect(v.runner.allText()).not.toContain('secret')
  })

  test('the plain form keeps its summary table', async () => {
    const w = world(`${HOST_A}, ${HOST_B}`)
    await login(w.deps)
    expect(w.runner.summaries[0].table![0]).toEqual([
      'Registry',
      'Region',
      'Logged in with',
      'Token expires (UTC)'
    ])
    expect(w.resolved).toEqual([])
  })

  test('credential-helper mode maps an alias and a role for the helper in the job’s registries file, no secret in it', async () => {
    const temp = await mkdtemp(join(tmpdir(), 'ecr-identities-'))
    try {
      const w = world(
        `- registry: ${HOST_A}\n  alias: ${ALIAS}\n- registry: ${HOST_B}\n  role-to-assume: ${ROLE}`,
        {
          'credential-helper': 'true'
        }
      )
      const primed: string[][] = []
      // USERPROFILE: Windows' home, whatever HOME says.
      w.deps.env = { ...w.deps.env, RUNNER_TEMP: temp, HOME: temp, USERPROFILE: temp }
      w.deps.helper = {
        accessKeyId: async () => 'AKIAIOSFODNN7EXAMPLE',
        primeCache: async (_dir, _key, grants) => {
          primed.push(grants.map(g => `${g.host}>${g.registry ?? ''}`))
        },
        helperScript: join(temp, 'helper.js')
      }
      await login(w.deps)
      expect(primed).toEqual([[`${ALIAS}>${HOST_A}`, `${HOST_B}>`]])
      const dir = join(temp, 'ecr-login-helper')
      expect(JSON.parse(await readFile(join(dir, 'registries.json'), 'utf8'))).toEqual([
        { registry: HOST_A, alias: ALIAS },
        { registry: HOST_B, 'role-to-assume': ROLE }
      ])
      // The .cmd is written on every OS; the #! launcher is a node script where node's path can be
      // a #! line (on Windows, C:\... is not: there it is the sh form, which Windows never runs).
      expect(await readFile(join(dir, 'bin', 'docker-credential-ecr-login.cmd'), 'utf8')).toContain(
        `@set "AWS_ECR_REGISTRIES_FILE=${join(dir, 'registries.json')}"\r\n`
      )
      if (process.platform !== 'win32')
        expect(await readFile(join(dir, 'bin', 'docker-credential-ecr-login'), 'utf8')).toContain(
          `process.env.AWS_ECR_REGISTRIES_FILE = ${JSON.stringify(join(dir, 'registries.json'))}`
        )
      const config = JSON.parse(await readFile(join(temp, '.docker', 'config.json'), 'utf8'))
      expect(config.credHelpers).toEqual({ [ALIAS]: 'ecr-login', [HOST_B]: 'ecr-login' })
    } finally {
      await rm(temp, { recursive: true, force: true })
    }
  })
})

describe('aliases', () => {
  test('clients log into the alias with its registry token; outputs and state name the alias', async () => {
    const w = world(`- registry: ${HOST_A}\n  alias: ${ALIAS}`)
    await login(w.deps)
    expect(w.clients.logins.map(l => [l.host, l.password])).toEqual([[ALIAS, passwordFor(A, 'us-east-1')]])
    expect(w.runner.outputs.registry).toBe(ALIAS)
    expect(w.runner.outputs.registries).toBe(ALIAS)
    expect(w.runner.outputs.docker_password_registry_company_example).toBe(passwordFor(A, 'us-east-1'))
    expect(w.runner.state.registries).toBe(ALIAS)
    expect(w.runner.summaries[0].table![1][0]).toBe(`${ALIAS} (alias of ${HOST_A})`)
  })

  test('post logs out of an alias its registries input names', async () => {
    const runner = fakeRunner({
      inputs: { registries: `- registry: ${HOST_A}\n  alias: ${ALIAS}` },
      state: { logins: JSON.stringify({ docker: [ALIAS] }) }
    })
    const clients = fakeClients()
    await logout({ runner, clients, env: {} })
    expect(clients.logouts).toEqual([{ client: 'docker', host: ALIAS }])
  })

  test('post refuses an alias host in state that its input does not name', async () => {
    const runner = fakeRunner({
      inputs: { registries: HOST_A },
      state: { logins: JSON.stringify({ docker: [ALIAS, HOST_A] }) }
    })
    const clients = fakeClients()
    await expect(logout({ runner, clients, env: {} })).rejects.toThrow(`Failed to logout: ${ALIAS}`)
    expect(clients.logouts).toEqual([{ client: 'docker', host: HOST_A }])
  })
})

describe('where a role session comes from', () => {
  test.each([
    [{ roleArn: ROLE }, { AWS_ACCESS_KEY_ID: 'AKIA' }, 'default'],
    [{ roleArn: ROLE }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }, 'oidc'],
    [{ roleArn: ROLE }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x', AWS_PROFILE: 'p' }, 'default'],
    [{ roleArn: ROLE }, {}, 'default'],
    [{ roleArn: ROLE, profile: 'tools' }, { ACTIONS_ID_TOKEN_REQUEST_URL: 'http://x' }, 'profile']
  ])('%j with %j: %s', (identity, env, expected) => {
    expect(roleSource(identity, env)).toBe(expected)
  })

  test('the default session name names the run, within what STS accepts', () => {
    expect(defaultSessionName({ GITHUB_RUN_ID: '123', GITHUB_RUN_ATTEMPT: '2' })).toBe('ecr-login-123-2')
    expect(defaultSessionName({})).toBe('ecr-login')
  })
})

describe('STS failures name the role, who asked and the likely cause', () => {
  const denied = Object.assign(
    new Error(
      `User: arn:aws:iam::111111111111:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE}`
    ),
    { name: 'AccessDenied' }
  )

  test('AccessDenied with default credentials: the principal STS named, the trust policy and the permission', () => {
    const e = roleError(denied, ROLE, 'default', "the step's default credentials")
    expect(e.message).toBe(
      `Could not assume role ${ROLE} as arn:aws:iam::111111111111:user/ci (the step's default credentials): AccessDenied: ${denied.message}`
    )
    expect(e.hint).toMatch(
      /trust policy must allow arn:aws:iam::111111111111:user\/ci to call sts:AssumeRole/
    )
    expect(e.hint).toContain(`sts:AssumeRole on ${ROLE}`)
  })

  test('AccessDenied through OIDC: the token subject and the federated trust', () => {
    const e = roleError(
      Object.assign(new Error('Not authorized to perform sts:AssumeRoleWithWebIdentity'), {
        name: 'AccessDenied'
      }),
      ROLE,
      'oidc',
      "the job's GitHub OIDC token (sub repo:o/r:ref:refs/heads/main)"
    )
    expect(e.message).toContain('sub repo:o/r:ref:refs/heads/main')
    expect(e.hint).toMatch(/token\.actions\.githubusercontent\.com.*sts\.amazonaws\.com/)
  })

  test('no credentials to assume with: says how to give some, id-token: write included', () => {
    const e = roleError(new Error('Could not load credentials from any providers'), ROLE, 'default', 'x')
    expect(e.hint).toContain('id-token: write')
  })

  test("a token's sub is read without printing the token", () => {
    const jwt = [
      'e30',
      Buffer.from(JSON.stringify({ sub: 'repo:o/r:environment:prod' })).toString('base64url'),
      'sig'
    ].join('.')
    expect(subjectOf(jwt)).toBe('sub repo:o/r:environment:prod')
    expect(subjectOf('opaque')).toBe('not a JWT')
  })
})

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ClientFactory, RegistryClient } from '../../src/clients/client.js'
import { CombinedError, UserError } from '../../src/errors.js'
import { login, LOGIN_CONCURRENCY, type LoginDeps } from '../../src/login.js'
import { readFileSync } from 'node:fs'
import { PROJECT_URL, saveInitialState, UNMASKED_WARNING } from '../../src/outputs.js'
import { secretForms } from '../../src/redact.js'
import {
  fakeClients,
  fakeEcr,
  fakeRunner,
  passwordFor,
  type FakeClients,
  type FakeEcr,
  type FakeEcrOptions,
  type FakeRunner,
  type RunnerEvent
} from '../support/fakes.js'

const NOW = new Date('2026-01-02T03:04:05.000Z')
const A = '123456789012'
const B = '210987654321'
const C = '333333333333'
const host = (account: string, region: string) => `${account}.dkr.ecr.${region}.amazonaws.com`
const HOST_A = host(A, 'us-east-1')
const HOST_B = host(B, 'eu-west-1')
const HOST_C = host(C, 'us-east-1')
const PW_A = passwordFor(A, 'us-east-1')
const PW_B = passwordFor(B, 'eu-west-1')

interface World {
  runner: FakeRunner
  docker: FakeClients
  ecr: FakeEcr
  deps: LoginDeps
}

function world(
  inputs: Record<string, string>,
  options: { ecr?: FakeEcrOptions; docker?: Parameters<typeof fakeClients>[0]; env?: NodeJS.ProcessEnv } = {}
): World {
  const runner = fakeRunner({ inputs })
  const docker = fakeClients(options.docker)
  const ecr = fakeEcr(options.ecr)
  // credential-helper mode is not exercised here; its deps fail loudly if login reaches them.
  const helper: LoginDeps['helper'] = {
    accessKeyId: async () => {
      throw new Error('credential-helper mode was not expected')
    },
    primeCache: async () => {
      throw new Error('credential-helper mode was not expected')
    }
  }
  return {
    runner,
    docker,
    ecr,
    deps: { runner, clients: docker, ecrFor: ecr.ecrFor, now: () => NOW, env: options.env ?? {}, helper }
  }
}

/** A factory of one docker client whose login is `login` (for tests that script each attempt). */
function oneClient(client: Pick<RegistryClient, 'login'>): ClientFactory {
  return {
    locate: name => (name === 'docker' ? '/usr/bin/docker' : undefined),
    create: name => ({ name, login: client.login, logout: async () => {} })
  }
}

/** What main saves before anything else: every name post reads, empty, and where the clients log in. */
function initialState(env: NodeJS.ProcessEnv): Record<string, string> {
  const runner = fakeRunner()
  saveInitialState(runner, env)
  return runner.state
}

/** The thrown UserError, or undefined when login succeeded. */
async function run(deps: LoginDeps): Promise<UserError | undefined> {
  try {
    await login(deps)
    return undefined
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return error as UserError
  }
}

/** setOutput events that carry a password not yet registered with setSecret at that point. */
function unmaskedOutputs(events: RunnerEvent[], passwords: string[]): string[] {
  const masked = new Set<string>()
  const leaks: string[] = []
  for (const event of events) {
    if (event.kind === 'setSecret') masked.add(event.value)
    if (
      event.kind === 'setOutput' &&
      passwords.some(p => event.value.includes(p)) &&
      !masked.has(event.value)
    )
      leaks.push(event.name)
  }
  return leaks
}

describe('masking and outputs', () => {
  test('every password and its base64 form is masked before any output carries it', async () => {
    const { runner, deps } = world({ registries: `${HOST_A}, ${HOST_B}` })
    expect(await run(deps)).toBeUndefined()
    expect(runner.outputs[`docker_password_${A}_dkr_ecr_us_east_1_amazonaws_com`]).toBe(PW_A)
    expect(runner.outputs[`docker_password_${B}_dkr_ecr_eu_west_1_amazonaws_com`]).toBe(PW_B)
    expect(unmaskedOutputs(runner.events, [PW_A, PW_B])).toEqual([])
    expect(runner.secrets).toEqual(expect.arrayContaining([...secretForms(PW_A), ...secretForms(PW_B)]))
  })

  test('no log line carries a password', async () => {
    const { runner, deps } = world({ registries: `${HOST_A}, ${HOST_B}` })
    await run(deps)
    expect(runner.allText()).not.toContain(PW_A)
    expect(runner.allText()).not.toContain(PW_B)
  })

  test('with mask-password false the passwords are not masked, the outputs carry them, and a warning says so', async () => {
    const { runner, deps } = world({ registries: HOST_A, 'mask-password': 'FALSE' })
    expect(await run(deps)).toBeUndefined()
    expect(runner.messages('warning')).toEqual([UNMASKED_WARNING])
    expect(runner.secrets).not.toContain(PW_A)
    expect(runner.outputs[`docker_password_${A}_dkr_ecr_us_east_1_amazonaws_com`]).toBe(PW_A)
  })

  // Bug: the warning linked to another project's README.
  test('the mask-password warning links to a section of this project’s README', () => {
    const link = /https:\/\/\S+#([\w-]+)/.exec(UNMASKED_WARNING)
    expect(link?.[0]).toMatch(new RegExp(`^${PROJECT_URL}#`))
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
    const anchors = [...readme.matchAll(/^#+ (.+)$/gm)].map(m =>
      m[1]
        .toLowerCase()
        .replace(/[^\w\s-]/g, '')
        .replace(/\s/g, '-')
    )
    expect(anchors).toContain(link?.[1])
    expect(UNMASKED_WARNING).toMatch(/^Your docker password is not masked/)
  })

  test('one registry: registry, username, password, registries and expires-at outputs', async () => {
    const { runner, deps } = world({ registries: HOST_A })
    await run(deps)
    expect(runner.outputs).toEqual({
      registry: HOST_A,
      [`docker_username_${A}_dkr_ecr_us_east_1_amazonaws_com`]: 'AWS',
      [`docker_password_${A}_dkr_ecr_us_east_1_amazonaws_com`]: PW_A,
      registries: HOST_A,
      'expires-at': '2026-01-02T15:04:05.000Z'
    })
  })

  test('several registries: no registry output; registries in input order; expires-at is the earliest', async () => {
    const expiry: Record<string, string> = {
      [B]: '2026-01-02T10:00:00.000Z',
      [A]: '2026-01-02T08:00:00.000Z',
      [C]: '2026-01-02T09:00:00.000Z'
    }
    const { runner, deps } = world(
      { registries: `${HOST_B}, ${HOST_A}, ${HOST_C}` },
      { ecr: { expiresAt: (_api, account) => new Date(expiry[account]) } }
    )
    await run(deps)
    expect(runner.outputs).not.toHaveProperty('registry')
    expect(runner.outputs.registries).toBe(`${HOST_B},${HOST_A},${HOST_C}`)
    expect(runner.outputs['expires-at']).toBe('2026-01-02T08:00:00.000Z')
    expect(runner.outputs[`docker_username_${C}_dkr_ecr_us_east_1_amazonaws_com`]).toBe('AWS')
  })

  test('ECR Public outputs use the public_ecr_aws suffix', async () => {
    const { runner, docker, deps } = world({ 'registry-type': 'public' })
    await run(deps)
    expect(runner.outputs).toMatchObject({
      registry: 'public.ecr.aws',
      docker_username_public_ecr_aws: 'AWS',
      docker_password_public_ecr_aws: passwordFor('public', 'us-east-1')
    })
    expect(docker.logins.map(l => l.host)).toEqual(['public.ecr.aws'])
  })

  test('public with registries warns that they are ignored', async () => {
    const { runner, deps } = world({ 'registry-type': 'public', registries: A })
    await run(deps)
    expect(runner.messages('warning')).toEqual(["'registries' is ignored when 'registry-type' is public."])
  })

  test('a registry that failed to log in gets no outputs; registry names the one that worked', async () => {
    const { runner, deps } = world(
      { registries: `${HOST_A}, ${HOST_B}` },
      { docker: { fail: { [HOST_B]: new UserError(`Could not login to registry ${HOST_B}: denied`) } } }
    )
    await run(deps)
    expect(runner.outputs).toEqual({
      registry: HOST_A,
      [`docker_username_${A}_dkr_ecr_us_east_1_amazonaws_com`]: 'AWS',
      [`docker_password_${A}_dkr_ecr_us_east_1_amazonaws_com`]: PW_A,
      registries: HOST_A,
      'expires-at': '2026-01-02T15:04:05.000Z'
    })
  })
})

describe('logins and state', () => {
  test('docker logs into every registry with the token user and password', async () => {
    const { docker, deps } = world({ registries: `${HOST_A}, ${HOST_B}` })
    await run(deps)
    expect(docker.logins).toEqual(
      expect.arrayContaining([
        { client: 'docker', host: HOST_A, username: 'AWS', password: PW_A },
        { client: 'docker', host: HOST_B, username: 'AWS', password: PW_B }
      ])
    )
    expect(docker.logins.map(l => l.host).sort()).toEqual([HOST_A, HOST_B].sort())
  })

  test('state holds the hosts logged in, in input order, and the client of each', async () => {
    const { runner, deps } = world({ registries: `${HOST_B}, ${HOST_A}` })
    await run(deps)
    expect(runner.state).toEqual({
      ...initialState(deps.env),
      registries: `${HOST_B},${HOST_A}`,
      logins: JSON.stringify({ docker: [HOST_B, HOST_A] })
    })
  })

  test('when one login fails, state still holds the others and the error names the failed host', async () => {
    const { runner, deps } = world(
      { registries: `${HOST_A}, ${HOST_B}, ${HOST_C}` },
      {
        docker: {
          fail: {
            [HOST_B]: new UserError(`Could not login to registry ${HOST_B}: unauthorized`, 'Check it.')
          }
        }
      }
    )
    const error = await run(deps)
    expect(error?.message).toBe(`Could not login to registry ${HOST_B}: unauthorized`)
    expect(runner.state.registries).toBe(`${HOST_A},${HOST_C}`)
  })

  test('state is saved as each login lands, so a cancelled job still logs out of the ones that got in', async () => {
    const { runner, deps } = world({ registries: `${HOST_A}, ${HOST_B}` })
    let stateWhileBHung: string | undefined
    deps.clients = oneClient({
      async login(host) {
        if (host !== HOST_B) return
        // Long enough for A's login to land; B's is still running.
        await new Promise(resolve => setTimeout(resolve, 20))
        stateWhileBHung = runner.state.registries
      }
    })
    await run(deps)
    expect(stateWhileBHung).toBe(HOST_A)
    expect(runner.state.registries).toBe(`${HOST_A},${HOST_B}`)
  })

  test('a login that fails for a transient reason is retried, logged, and lands in state', async () => {
    const { runner, deps } = world({ registries: `${HOST_A}, ${HOST_B}`, 'login-retries': '2' })
    const delays: number[] = []
    deps.sleep = async ms => void delays.push(ms)
    const reset = new UserError(
      `Could not login to registry ${HOST_B}: Error response from daemon: Get "https://${HOST_B}/v2/": read: connection reset by peer`
    )
    let attemptsB = 0
    deps.clients = oneClient({
      async login(host) {
        if (host === HOST_B && ++attemptsB < 3) throw reset
      }
    })
    expect(await run(deps)).toBeUndefined()
    expect(attemptsB).toBe(3)
    expect(delays).toHaveLength(2)
    const retries = runner.messages('info').filter(m => m.includes('attempt'))
    expect(retries).toEqual([
      expect.stringMatching(/^\S+: attempt 1 of 3 failed \(connection reset\); retrying in [\d.]+ s$/),
      expect.stringMatching(/^\S+: attempt 2 of 3 failed \(connection reset\); retrying in [\d.]+ s$/)
    ])
    expect(retries.every(m => m.startsWith(`${HOST_B}: `))).toBe(true)
    expect(runner.state.registries).toBe(`${HOST_A},${HOST_B}`)
  })

  test('a client failure that is not a UserError is reported as Could not login to registry <host> with <client>', async () => {
    const { deps } = world({ registries: HOST_A }, { docker: { fail: { [HOST_A]: 'exit status 1' } } })
    const error = await run(deps)
    expect(error?.message).toBe(`Could not login to registry ${HOST_A} with docker: exit status 1`)
  })

  // Bug: login.ts formats a non-UserError with String(error), so an Error reads
  // "Could not login to registry <host>: Error: boom" instead of "...: boom".
  test('a thrown Error is reported by its message, without an "Error:" prefix', async () => {
    const { deps } = world({ registries: HOST_A }, { docker: { fail: { [HOST_A]: new Error('boom') } } })
    const error = await run(deps)
    expect(error?.message).toBe(`Could not login to registry ${HOST_A} with docker: boom`)
  })

  // Bug: the same path does not redact the password; with mask-password false the runner does
  // not mask it either, so it reaches the log.
  test('a docker failure quoting the password is reported without it', async () => {
    const { runner, deps } = world(
      { registries: HOST_A, 'mask-password': 'false' },
      { docker: { fail: { [HOST_A]: new Error(`login failed for AWS:${PW_A}`) } } }
    )
    const error = await run(deps)
    expect(error?.message).toMatch(new RegExp(`^Could not login to registry ${HOST_A} with docker: `))
    expect(error?.message).not.toContain(PW_A)
    expect(runner.allText()).not.toContain(PW_A)
  })

  test('several failures are all reported, and the hosts that worked are still saved', async () => {
    const { runner, deps } = world(
      { registries: `${HOST_A}, ${HOST_B}, ${HOST_C}` },
      {
        ecr: {
          failCall: api =>
            api.region === 'eu-west-1'
              ? Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
              : undefined
        },
        docker: { fail: { [HOST_C]: new UserError(`Could not login to registry ${HOST_C}: denied`) } }
      }
    )
    const error = await run(deps)
    expect(error).toBeInstanceOf(CombinedError)
    expect(error?.message).toContain(`${HOST_B} in eu-west-1`)
    expect(error?.message).toContain('Rate exceeded')
    expect(error?.message).toContain(`Could not login to registry ${HOST_C}: denied`)
    expect(runner.state.registries).toBe(HOST_A)
    expect(runner.outputs.registry).toBe(HOST_A)
  })

  test('when no registry could be logged into, post is left nothing to log out of', async () => {
    const { runner, deps } = world(
      { registries: `${HOST_A}, ${HOST_B}` },
      {
        docker: {
          fail: {
            [HOST_A]: new UserError(`Could not login to registry ${HOST_A}: denied`),
            [HOST_B]: new UserError(`Could not login to registry ${HOST_B}: denied`)
          }
        }
      }
    )
    const error = await run(deps)
    expect(error).toBeInstanceOf(CombinedError)
    expect(runner.state.registries ?? '').toBe('')
    expect(runner.outputs).not.toHaveProperty('registry')
  })

  test('with skip-logout no login is saved for post, only the empty names', async () => {
    const { runner, docker, deps } = world({ registries: `${HOST_A}, ${HOST_B}`, 'skip-logout': 'true' })
    expect(await run(deps)).toBeUndefined()
    expect(docker.logins.map(l => l.host).sort()).toEqual([HOST_A, HOST_B].sort())
    expect(runner.state).toEqual(initialState(deps.env))
  })

  test.each([
    ['registries', { registries: '12345678901' }],
    ['registry-type', { 'registry-type': 'both' }],
    ['mask-password', { registries: HOST_A, 'mask-password': 'flase' }],
    ['http-proxy', { registries: HOST_A, 'http-proxy': 'socks5://proxy:1080' }]
  ])(
    'a bad %s input fails before any API client, docker call or output; state holds only the empty names',
    async (name, inputs) => {
      const { runner, docker, ecr, deps } = world(inputs)
      const error = await run(deps)
      expect(error?.message).toContain(`'${name}'`)
      expect(ecr.clients).toEqual([])
      expect(docker.logins).toEqual([])
      expect(runner.outputs).toEqual({})
      expect(runner.state).toEqual(initialState(deps.env))
    }
  )

  test('logins run concurrently, never more than LOGIN_CONCURRENCY at once', async () => {
    const accounts = Array.from({ length: 9 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`)
    const { docker, deps } = world(
      { registries: accounts.map(a => host(a, 'us-east-1')).join(',') },
      { docker: { delay: () => 15 } }
    )
    await run(deps)
    expect(docker.logins.map(l => l.host).sort()).toEqual(accounts.map(a => host(a, 'us-east-1')).sort())
    expect(docker.maxInFlight).toBeGreaterThan(1)
    expect(docker.maxInFlight).toBeLessThanOrEqual(LOGIN_CONCURRENCY)
  })

  test('where each token was kept is saved for post; credential-store reaches the clients, and job configs mean file', async () => {
    const temp = await fs.mkdtemp(join(tmpdir(), 'ecr-login-stores-'))
    for (const [inputs, mode] of [
      [{ registries: HOST_A }, 'auto'],
      [{ registries: HOST_A, 'credential-store': 'store' }, 'store'],
      [{ registries: HOST_A, 'docker-config': 'job' }, 'file']
    ] as const) {
      const { runner, docker, deps } = world(inputs, {
        // USERPROFILE: Windows' home, whatever HOME says.
        env: { RUNNER_TEMP: temp, HOME: join(temp, 'home'), USERPROFILE: join(temp, 'home') }
      })
      const modes: unknown[] = []
      const clients: ClientFactory = {
        locate: docker.locate,
        create: (name, env, options) => {
          modes.push(options?.credentialStore)
          const client = docker.create(name, env)
          return {
            ...client,
            login: async (host, username, password) => {
              await client.login(host, username, password)
              options?.onKept?.(host, { store: 'pass', override: true })
            }
          }
        }
      }
      await run({ ...deps, clients })
      expect(modes).toEqual([mode])
      expect(JSON.parse(runner.state['credential-stores'])).toEqual({
        [HOST_A]: { store: 'pass', override: true }
      })
    }
  })

  // Bug: with 200 registries, 191 docker logins ran at once before the first token came.
  test('logins started before the tokens come are at most LOGIN_CONCURRENCY, with as many dirs prepared', async () => {
    const accounts = Array.from({ length: 30 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`)
    const { docker, deps } = world({ registries: accounts.map(a => host(a, 'us-east-1')).join(',') })
    const started: string[] = []
    const prepared: number[] = []
    const clients: ClientFactory = {
      locate: docker.locate,
      create: (name, env) => ({
        ...docker.create(name, env),
        prepare: count => void prepared.push(count),
        startLogin: h => void started.push(h)
      })
    }
    await run({ ...deps, clients })
    expect(started).toEqual(accounts.slice(0, LOGIN_CONCURRENCY).map(a => host(a, 'us-east-1')))
    expect(prepared).toEqual([LOGIN_CONCURRENCY])
    expect(docker.logins).toHaveLength(30)
  })

  test('with two clients and logins started early, never more than LOGIN_CONCURRENCY processes at once; unneeded ones end when the tokens come', async () => {
    const accounts = Array.from({ length: 30 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`)
    const hosts = accounts.map(a => host(a, 'us-east-1'))
    // One more host started early that no token comes for (its region's call fails).
    const stray = host('999999999999', 'eu-west-3')
    const { docker, deps } = world(
      {
        registries: [...hosts.slice(0, 5), stray, ...hosts.slice(5)].join(','),
        'container-cli': 'docker,podman'
      },
      {
        docker: { onPath: ['docker', 'podman'], delay: () => 5 },
        ecr: { failCall: api => (api.region === 'eu-west-3' ? new Error('AccessDenied') : undefined) }
      }
    )
    let live = 0
    let most = 0
    const up = () => (most = Math.max(most, ++live))
    const clients: ClientFactory = {
      locate: docker.locate,
      create: (name, env) => {
        const client = docker.create(name, env)
        if (name !== 'docker') {
          return { ...client, login: async (...args) => (up(), client.login(...args).finally(() => live--)) }
        }
        const started = new Set<string>()
        return {
          ...client,
          startLogin: h => {
            started.add(h)
            up()
          },
          endStartedLogins: async keep => {
            for (const h of [...started]) {
              if (keep.includes(h)) continue
              started.delete(h)
              live--
            }
          },
          login: async (h, ...rest) => {
            if (!started.delete(h)) up()
            await client.login(h, ...rest).finally(() => live--)
          }
        }
      }
    }
    await run({ ...deps, clients })
    expect(docker.logins.length).toBeGreaterThanOrEqual(60)
    expect(most).toBeLessThanOrEqual(LOGIN_CONCURRENCY)
    expect(live).toBe(0)
  })

  test('outputs and state follow input order whatever order the logins finish in', async () => {
    const hosts = [HOST_A, HOST_B, HOST_C, host('444444444444', 'us-west-2')]
    const { runner, docker, deps } = world(
      { registries: hosts.join('\n') },
      { docker: { delay: h => 40 - 10 * hosts.indexOf(h) } }
    )
    await run(deps)
    expect(docker.logins.map(l => l.host)).toEqual([...hosts].reverse())
    expect(runner.outputs.registries).toBe(hosts.join(','))
    expect(runner.state.registries).toBe(hosts.join(','))
    const outputOrder = runner.events.flatMap(e =>
      e.kind === 'setOutput' && e.name.startsWith('docker_username_') ? [e.name] : []
    )
    expect(outputOrder).toEqual(hosts.map(h => `docker_username_${h.replace(/[^a-zA-Z0-9_]+/g, '_')}`))
  })
})

describe('API clients and proxies', () => {
  test('one client per service, region and FIPS, shared by the calls that need it', async () => {
    const { ecr, deps } = world({ registries: `${A}, ${B}, ${HOST_C}` })
    await run(deps)
    expect(ecr.clients).toEqual(
      expect.arrayContaining([
        { service: 'ecr', region: undefined, fips: false },
        { service: 'ecr', region: 'us-east-1', fips: false }
      ])
    )
    expect(ecr.clients.map(c => c.region ?? '').sort()).toEqual(['', 'us-east-1'])
  })

  test('a missing region fails with a hint on how to set one', async () => {
    const { deps } = world(
      { registries: A },
      { ecr: { failClient: api => (api.region ? undefined : new Error('Region is missing')) } }
    )
    const error = await run(deps)
    expect(error?.message).toBe(`No AWS region is set, so the ECR registry for ${A} cannot be resolved.`)
    expect(error?.hint).toMatch(/AWS_REGION/)
  })

  test('the proxy from the input is announced and reported without its password', async () => {
    const { runner, deps } = world(
      { registries: HOST_A, 'http-proxy': 'http://user:s3cret@proxy.example.com:3128' },
      {
        ecr: {
          failCall: () =>
            Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3128'), { code: 'ECONNREFUSED' })
        }
      }
    )
    const error = await run(deps)
    expect(runner.messages('info')).toContain(
      'Using proxy http://user:***@proxy.example.com:3128 for the ECR API'
    )
    expect(error?.message).toBe(
      `Could not reach the ECR API for ${HOST_A} in us-east-1 through proxy ` +
        'http://user:***@proxy.example.com:3128: connect ECONNREFUSED 10.0.0.9:3128'
    )
    expect(runner.allText()).not.toContain('s3cret')
    expect(`${error?.message}\n${error?.hint}`).not.toContain('s3cret')
  })

  test('HTTPS_PROXY is announced for the API host; NO_PROXY covering it turns it off', async () => {
    const proxied = world({ registries: HOST_A }, { env: { HTTPS_PROXY: 'http://proxy.internal:8080' } })
    await run(proxied.deps)
    expect(proxied.runner.messages('info')).toContain(
      'Using proxy http://proxy.internal:8080 for the ECR API'
    )

    const direct = world(
      { registries: HOST_A },
      { env: { HTTPS_PROXY: 'http://proxy.internal:8080', NO_PROXY: '.amazonaws.com' } }
    )
    await run(direct.deps)
    expect(direct.runner.messages('info').filter(m => m.startsWith('Using proxy'))).toEqual([])
  })

  test.each([
    [
      'HTTPS_PROXY',
      { HTTPS_PROXY: 'http://proxy.internal:8080', HTTP_PROXY: 'http://proxy.internal:8080' },
      {}
    ],
    ['the http-proxy input', {}, { 'http-proxy': 'http://proxy.internal:8080' }]
  ])(
    'with an http:// endpoint neither the log nor the summary claims %s was used: the SDK calls it directly',
    async (_why, env, inputs) => {
      const { runner, deps } = world(
        { registries: HOST_A, ...inputs },
        { env: { ...env, AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:4566' } }
      )
      expect(await run(deps)).toBeUndefined()
      expect(runner.messages('info').filter(m => m.includes('proxy'))).toEqual([])
      expect(runner.summaries[0].lines).toEqual([])
    }
  )

  test.each(['not a url', 'ftp://endpoint.internal', 'https://'])(
    'AWS_ENDPOINT_URL_ECR=%j fails naming the variable, before any API client',
    async value => {
      const { ecr, deps } = world({ registries: HOST_A }, { env: { AWS_ENDPOINT_URL_ECR: value } })
      const error = await run(deps)
      expect(error?.message).toBe(
        `The environment variable AWS_ENDPOINT_URL_ECR is '${value}', which is not an http(s) URL.`
      )
      expect(ecr.clients).toEqual([])
    }
  )

  test('AWS_ENDPOINT_URL is named when it is the one in use', async () => {
    const { deps } = world({ registries: HOST_A }, { env: { AWS_ENDPOINT_URL: 'nope' } })
    expect((await run(deps))?.message).toMatch(/^The environment variable AWS_ENDPOINT_URL is 'nope'/)
  })

  // Bug: proxies from the environment were used unchecked, and one with an unencoded `/` in its
  // password was printed whole before failing with 'Invalid URL'.
  test.each([
    [
      'HTTPS_PROXY',
      'socks5://user:s3cret@proxy.internal:1080',
      /is not an http\(s\) URL: socks5:\/\/ proxies/
    ],
    ['https_proxy', 'http://user:s3/cret@proxy.internal:3128', /cannot be parsed/],
    ['HTTP_PROXY', 'http://user:s3cret/@proxy.internal:3128', /cannot be parsed/]
  ])(
    'a bad %s fails, named, before any API client, docker call or output; state holds only the empty names',
    async (name, value) => {
      const { runner, docker, ecr, deps } = world(
        { registries: `${A}, ${HOST_B}` },
        { env: { [name]: value } }
      )
      const error = await run(deps)
      expect(error?.message).toMatch(new RegExp(`^Invalid proxy in the environment variable ${name}: `))
      expect(error?.message).toMatch(/user:\*\*\*@proxy\.internal/)
      expect(ecr.clients).toEqual([])
      expect(docker.logins).toEqual([])
      expect(runner.outputs).toEqual({})
      expect(runner.state).toEqual(initialState(deps.env))
      expect(`${runner.allText()}\n${error?.message}\n${error?.hint}`).not.toMatch(/s3|cret/)
    }
  )

  test('a percent-encoded proxy password is announced as ***', async () => {
    const { runner, deps } = world(
      { registries: HOST_A },
      { env: { HTTPS_PROXY: 'http://user:s3%2Fcret@proxy.internal:3128' } }
    )
    expect(await run(deps)).toBeUndefined()
    expect(runner.messages('info')).toContain(
      'Using proxy http://user:***@proxy.internal:3128 for the ECR API'
    )
    expect(runner.allText()).not.toMatch(/s3|cret/)
  })
})

// Bug: ' us-east-1' or 'us-east-1; x' in AWS_REGION reached the SDK, which failed with
// 'Invalid URL' or 'Region not accepted'; an empty AWS_REGION gave no hint either.
describe('the region from the environment', () => {
  test.each([
    [' us-east-1', "The environment variable AWS_REGION is ' us-east-1', which is not an AWS region code."],
    [
      'us-east-1; x',
      "The environment variable AWS_REGION is 'us-east-1; x', which is not an AWS region code."
    ],
    ['US-EAST-1', "The environment variable AWS_REGION is 'US-EAST-1', which is not an AWS region code."],
    [
      '',
      'The environment variable AWS_REGION is set but empty, so there is no AWS region for the registries given as account IDs.'
    ]
  ])(
    'AWS_REGION=%j fails naming the variable, the value and the fix, before any API client',
    async (value, message) => {
      const { runner, docker, ecr, deps } = world(
        { registries: `${A}, ${HOST_B}` },
        { env: { AWS_REGION: value } }
      )
      const error = await run(deps)
      expect(error?.message).toBe(message)
      expect(error?.hint).toMatch(/Set AWS_REGION to a region code such as us-east-1/)
      expect(ecr.clients).toEqual([])
      expect(docker.logins).toEqual([])
      expect(runner.outputs).toEqual({})
    }
  )

  test('an empty AWS_REGION names the undefined expression it usually comes from', async () => {
    const error = await run(world({ registries: A }, { env: { AWS_REGION: '' } }).deps)
    expect(error?.hint).toContain('${{ vars.AWS_REGION }}')
  })

  test('a bad AWS_DEFAULT_REGION is named when it is the one used', async () => {
    const error = await run(world({ registries: A }, { env: { AWS_DEFAULT_REGION: 'eu west 1' } }).deps)
    expect(error?.message).toBe(
      "The environment variable AWS_DEFAULT_REGION is 'eu west 1', which is not an AWS region code."
    )
  })

  test('an empty AWS_REGION beside AWS_DEFAULT_REGION uses AWS_DEFAULT_REGION', async () => {
    const { ecr, deps } = world(
      { registries: A },
      { env: { AWS_REGION: '', AWS_DEFAULT_REGION: 'eu-west-1' } }
    )
    expect(await run(deps)).toBeUndefined()
    expect(ecr.clients).toEqual([{ service: 'ecr', region: 'eu-west-1', fips: false }])
  })

  test('a bad AWS_REGION does not matter when every registry is named by host', async () => {
    const { docker, deps } = world({ registries: HOST_B }, { env: { AWS_REGION: ' us-east-1' } })
    expect(await run(deps)).toBeUndefined()
    expect(docker.logins.map(l => l.host)).toEqual([HOST_B])
  })
})

// Bug: one registry named twice (an account ID and its host, with and without https://, in
// another letter case) was logged into twice, listed twice and logged out of twice.
describe('one registry named twice', () => {
  test.each([
    ['an account ID, then its host', `${A}, ${HOST_A}`, HOST_A],
    ['a host, then its account ID', `${HOST_A}, ${A}`, HOST_A],
    ['a host in capitals, then its account ID', `${HOST_A.toUpperCase()}, ${A}`, HOST_A.toUpperCase()],
    [
      'an account ID, then its host with https:// in capitals',
      `${A} HTTPS://${HOST_A.toUpperCase()}/`,
      HOST_A
    ],
    ['a host with and without https://', `https://${HOST_A}, ${HOST_A}`, HOST_A]
  ])(
    '%s: one API entry, one login, one set of outputs, listed once in the first spelling',
    async (_why, registries, first) => {
      const { runner, docker, ecr, deps } = world(
        { registries, 'mask-password': 'false' },
        { env: { AWS_REGION: 'us-east-1' } }
      )
      expect(await run(deps)).toBeUndefined()
      expect(ecr.requests.map(r => r.registryIds)).toEqual([[A]])
      expect(docker.logins.map(l => l.host)).toEqual([first])
      expect(runner.outputs.registries).toBe(first)
      expect(runner.outputs.registry).toBe(first)
      expect(runner.state.registries).toBe(first)
      expect(Object.keys(runner.outputs).filter(n => n.startsWith('docker_password_'))).toEqual([
        `docker_password_${first.replace(/[^a-zA-Z0-9_]+/g, '_')}`
      ])
    }
  )

  test('an account ID whose region only the SDK knows is still one login with its host', async () => {
    const { runner, docker, deps } = world(
      { registries: `${A}, ${HOST_A}` },
      { ecr: { defaultRegion: 'us-east-1' } }
    )
    expect(await run(deps)).toBeUndefined()
    expect(docker.logins.map(l => l.host)).toEqual([HOST_A])
    expect(runner.outputs.registries).toBe(HOST_A)
  })

  test('the standard and dual-stack hosts of one account stay two registries', async () => {
    const dual = `${A}.dkr-ecr.us-east-1.on.aws`
    const { docker, deps } = world({ registries: `${A}, ${dual}` }, { env: { AWS_REGION: 'us-east-1' } })
    expect(await run(deps)).toBeUndefined()
    expect(docker.logins.map(l => l.host).sort()).toEqual([HOST_A, dual].sort())
  })
})

describe('clients', () => {
  test('no client on PATH fails before any API client or output (state: only the empty names), naming what was looked for', async () => {
    const { runner, ecr, deps } = world(
      { registries: HOST_A },
      { docker: { onPath: [] }, env: { PATH: '/usr/bin:/bin' } }
    )
    const error = await run(deps)
    expect(error?.message).toBe(
      'None of docker, podman, buildah, skopeo was found on PATH (/usr/bin:/bin), so no registry can be logged into.'
    )
    expect(error?.hint).toMatch(/credential-helper: true/)
    expect(ecr.clients).toEqual([])
    expect(runner.outputs).toEqual({})
    expect(runner.state).toEqual(initialState(deps.env))
  })

  test('a client named in container-cli but missing fails before any API client, naming it', async () => {
    const { ecr, deps } = world(
      { registries: HOST_A, 'container-cli': 'docker, buildah' },
      { docker: { onPath: ['docker', 'podman'] }, env: { PATH: '/usr/bin' } }
    )
    const error = await run(deps)
    expect(error?.message).toBe(
      'container-cli names buildah, but buildah was not found on PATH (/usr/bin), so no registry can be logged into.'
    )
    expect(ecr.clients).toEqual([])
  })

  test('auto without docker logs in with the first of podman, buildah, skopeo on PATH', async () => {
    const { runner, docker, deps } = world(
      { registries: HOST_A },
      { docker: { onPath: ['skopeo', 'buildah'] } }
    )
    expect(await run(deps)).toBeUndefined()
    expect(docker.logins.map(l => `${l.client} ${l.host}`)).toEqual([`buildah ${HOST_A}`])
    expect(runner.messages('info')).toContainEqual(
      expect.stringMatching(new RegExp(`^${HOST_A} \\(us-east-1\\): logged in with buildah in \\d+ ms$`))
    )
  })

  test('every client in the list logs into every registry; state, log and summary say which did', async () => {
    const { runner, docker, deps } = world(
      { registries: `${HOST_A}, ${HOST_B}`, 'container-cli': 'buildah,docker' },
      {
        docker: {
          onPath: ['docker', 'buildah'],
          fail: {
            [`buildah ${HOST_B}`]: new UserError(`Could not login to registry ${HOST_B} with buildah: denied`)
          }
        }
      }
    )
    const error = await run(deps)
    expect(error?.message).toBe(`Could not login to registry ${HOST_B} with buildah: denied`)
    expect(docker.logins.map(l => `${l.client} ${l.host}`).sort()).toEqual(
      [`buildah ${HOST_A}`, `docker ${HOST_A}`, `docker ${HOST_B}`].sort()
    )
    expect(runner.state).toEqual({
      ...initialState(deps.env),
      registries: `${HOST_A},${HOST_B}`,
      logins: JSON.stringify({ buildah: [HOST_A], docker: [HOST_A, HOST_B] })
    })
    expect(runner.messages('info')).toContain(`${HOST_B} (eu-west-1): buildah failed`)
    expect(runner.summaries[0].table).toEqual([
      ['Registry', 'Region', 'Logged in with', 'Token expires (UTC)'],
      [HOST_A, 'us-east-1', 'buildah, docker', '2026-01-02T15:04:05.000Z'],
      [HOST_B, 'eu-west-1', 'docker', '2026-01-02T15:04:05.000Z']
    ])
  })

  test('clients read the environment main runs in', async () => {
    const { docker, deps } = world({ registries: HOST_A }, { env: { DOCKER_CONFIG: '/home/u/.docker' } })
    await run(deps)
    expect(docker.created.map(c => [c.name, c.env.DOCKER_CONFIG])).toEqual([['docker', '/home/u/.docker']])
  })
})

describe('docker-config: job', () => {
  let temp: string
  beforeEach(async () => {
    temp = await fs.mkdtemp(join(tmpdir(), 'ecr-login-login-test-'))
  })
  afterEach(async () => {
    await fs.rm(temp, { recursive: true, force: true })
  })

  test('main makes the job’s configs, points itself and later steps at them, and saves them for post', async () => {
    const env: NodeJS.ProcessEnv = {
      RUNNER_TEMP: temp,
      HOME: join(temp, 'home'),
      USERPROFILE: join(temp, 'home'),
      XDG_RUNTIME_DIR: temp
    }
    const { runner, docker, deps } = world(
      { registries: HOST_A, 'docker-config': 'job', 'container-cli': 'docker,podman' },
      { env, docker: { onPath: ['docker', 'podman'] } }
    )
    expect(await run(deps)).toBeUndefined()
    const [root] = await fs.readdir(temp)
    expect(root).toMatch(/^ecr-login-job-/)
    const dockerConfig = join(temp, root, 'docker')
    const authFile = join(temp, root, 'containers', 'auth.json')
    expect(runner.exported).toEqual({ DOCKER_CONFIG: dockerConfig, REGISTRY_AUTH_FILE: authFile })
    expect(env).toMatchObject({ DOCKER_CONFIG: dockerConfig, REGISTRY_AUTH_FILE: authFile })
    expect(runner.outputs).toMatchObject({ 'docker-config': dockerConfig, 'registry-auth-file': authFile })
    expect(JSON.parse(runner.state['job-config'])).toEqual({ root: join(temp, root), dockerConfig, authFile })
    // Made after the job's configs, so each logs into the job's file.
    expect(docker.created.map(c => [c.name, c.env.DOCKER_CONFIG, c.env.REGISTRY_AUTH_FILE])).toEqual([
      ['docker', dockerConfig, authFile],
      ['podman', dockerConfig, authFile]
    ])
    await expect(fs.stat(join(temp, 'home'))).rejects.toThrow()
  })

  test('nothing is made when no token was fetched', async () => {
    const { runner, deps } = world(
      { registries: HOST_A, 'docker-config': 'job' },
      { env: { RUNNER_TEMP: temp }, ecr: { failCall: () => new Error('AccessDenied') } }
    )
    expect(await run(deps)).toBeInstanceOf(UserError)
    expect(await fs.readdir(temp)).toEqual([])
    expect(runner.exported).toEqual({})
  })

  test('with credential-helper the credHelpers entries go into the job’s config, not the user’s', async () => {
    const userDir = join(temp, 'home', '.docker')
    await fs.mkdir(userDir, { recursive: true })
    await fs.writeFile(join(userDir, 'config.json'), '{"credsStore":"pass"}')
    const env: NodeJS.ProcessEnv = {
      RUNNER_TEMP: temp,
      HOME: join(temp, 'home'),
      USERPROFILE: join(temp, 'home')
    }
    const { runner, deps } = world(
      { registries: HOST_A, 'docker-config': 'job', 'credential-helper': 'true' },
      { env, docker: { onPath: [] } }
    )
    deps.helper = {
      accessKeyId: async () => undefined,
      primeCache: async () => undefined,
      helperScript: '/x.js'
    }
    expect(await run(deps)).toBeUndefined()
    expect(await fs.readFile(join(userDir, 'config.json'), 'utf8')).toBe('{"credsStore":"pass"}')
    expect(JSON.parse(await fs.readFile(join(env.DOCKER_CONFIG!, 'config.json'), 'utf8'))).toEqual({
      credsStore: 'pass',
      auths: {},
      credHelpers: { [HOST_A]: 'ecr-login' }
    })
    expect(runner.outputs['docker-config']).toBe(env.DOCKER_CONFIG)
  })
})

describe('the early API connections', () => {
  test('each endpoint is connected before the SDK loads, and the event loop turns once in between', async () => {
    // A connection sends its TLS hello only on a turn of the event loop that sees its TCP connect;
    // the SDK's load holds the thread, so the turn must come first.
    const order: string[] = []
    const { deps } = world({ registries: `${HOST_A}, ${HOST_B}` })
    const ecrFor = deps.ecrFor
    const seen = {
      ...deps,
      preconnect: (url: string) => {
        order.push(`connect ${url}`)
        setImmediate(() => order.push('turn'))
      },
      ecrFor: (...args: Parameters<LoginDeps['ecrFor']>) => {
        order.push('sdk')
        return ecrFor(...args)
      }
    }
    expect(await run(seen)).toBeUndefined()
    expect(order.slice(0, 5)).toEqual([
      'connect https://api.ecr.us-east-1.amazonaws.com',
      'connect https://api.ecr.eu-west-1.amazonaws.com',
      'turn',
      'turn',
      'sdk'
    ])
  })

  test('an endpoint behind a proxy is not connected early, and nothing waits for it', async () => {
    const order: string[] = []
    const { deps } = world({ registries: HOST_A, 'http-proxy': 'http://proxy.example:3128' })
    expect(await run({ ...deps, preconnect: url => order.push(url) })).toBeUndefined()
    expect(order).toEqual([])
  })
})

import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { ECRPUBLICClient, GetAuthorizationTokenCommand as GetPublicToken } from '@aws-sdk/client-ecr-public'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { HttpsProxyAgent } from 'https-proxy-agent'
import {
  docker,
  fakeDocker,
  importImage,
  readDockerCalls,
  runJob,
  runStep
} from '../support/action-runner.js'
import { EMULATOR_KEYS, EcrEmulator } from '../support/ecr-emulator.js'
import {
  API_IP,
  DOWN_ACCOUNT,
  PUBLIC_HOSTS,
  WORLD_PASSWORD,
  registryHost,
  worldFromEnv,
  type WorldInfo
} from '../support/world.js'

const [KEY] = EMULATOR_KEYS
const credentials = { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey }
const HOST = registryHost('111111111111', 'us-east-1')

let world: WorldInfo
let ca: string
let emulator: EcrEmulator
let dir: string

beforeAll(async () => {
  world = worldFromEnv()
  ca = await readFile(world.ca, 'utf8')
  emulator = await EcrEmulator.start({
    cert: world.cert,
    key: world.key,
    password: world.password,
    host: API_IP,
    port: 443
  })
})

afterAll(async () => {
  await emulator?.stop()
})

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecr-world-test-'))
  emulator.reset()
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function login(host: string, configDir: string, password = world.password) {
  return docker(['login', '--username', 'AWS', '--password-stdin', host], { configDir, input: password })
}

describe('the world', () => {
  test('describes itself through the environment', () => {
    expect(world.password).toBe(WORLD_PASSWORD)
    expect(world.proxyUrl).toBe('http://127.0.0.1:8888')
    expect(world.dockerHost).toMatch(/^unix:\/\//)
    for (const file of [world.ca, world.cert, world.key, world.proxyLog, world.registryLog]) {
      expect(existsSync(file)).toBe(true)
    }
  })

  test('a registry host takes the world password and an image can be pushed to it', async () => {
    const tag = `${HOST}/world-test:${randomBytes(4).toString('hex')}`
    await importImage(tag)

    const loggedIn = await login(HOST, dir)
    const pushed = await docker(['push', tag], { configDir: dir })
    await docker(['rmi', tag])

    expect(loggedIn).toMatchObject({ code: 0, stdout: expect.stringContaining('Login Succeeded') })
    expect(pushed).toMatchObject({ code: 0 })
    const config = JSON.parse(await readFile(join(dir, 'config.json'), 'utf8')) as {
      auths: Record<string, { auth: string }>
    }
    expect(Buffer.from(config.auths[HOST].auth, 'base64').toString()).toBe(`AWS:${WORLD_PASSWORD}`)
  })

  test('without a login the push is refused', async () => {
    const tag = `${HOST}/world-test:${randomBytes(4).toString('hex')}`
    await importImage(tag)

    const pushed = await docker(['push', tag], { configDir: dir })
    await docker(['rmi', tag])

    expect(pushed.code).not.toBe(0)
    expect(pushed.stderr).toMatch(/no basic auth credentials|unauthorized|authentication required/)
  })

  test.each([
    ['the password without its last character', WORLD_PASSWORD.slice(0, -1)],
    ['the password with one more character', `${WORLD_PASSWORD}x`],
    ['only the part before the first colon', WORLD_PASSWORD.split(':')[0]]
  ])('the registry refuses %s', async (_, password) => {
    const result = await login(HOST, dir, password)

    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('401 Unauthorized')
  })

  test.each([
    registryHost('222222222222', 'eu-west-1', 'fips'),
    registryHost('012345678901', 'cn-north-1'),
    registryHost('100000000012', 'eusc-de-east-1'),
    registryHost('333333333333', 'us-gov-west-1', 'dual-stack-fips'),
    PUBLIC_HOSTS[0]
  ])('%s resolves to the registry', async host => {
    expect(await login(host, dir)).toMatchObject({ code: 0 })
  })

  test("the down account's host cannot be logged in to", async () => {
    const result = await login(registryHost(DOWN_ACCOUNT, 'us-east-1'), dir)

    expect(result.code).not.toBe(0)
    expect(result.stderr).toContain('connection refused')
  })
})

describe('the emulator on the API address', () => {
  const clients: { destroy(): void }[] = []
  afterEach(() => clients.splice(0).forEach(c => c.destroy()))

  function handler(agent = new Agent({ ca })): NodeHttpHandler {
    return new NodeHttpHandler({ httpsAgent: agent })
  }

  test.each([
    ['us-west-2', {}, 'api.ecr.us-west-2.amazonaws.com'],
    ['us-east-1', { useFipsEndpoint: true }, 'api.ecr-fips.us-east-1.amazonaws.com'],
    ['eu-central-1', { useDualstackEndpoint: true }, 'ecr.eu-central-1.api.aws'],
    ['cn-north-1', {}, 'api.ecr.cn-north-1.amazonaws.com.cn'],
    ['eusc-de-east-1', {}, 'api.ecr.eusc-de-east-1.amazonaws.eu'],
    ['us-gov-west-1', {}, 'api.ecr.us-gov-west-1.amazonaws.com']
  ])('answers the SDK in %s %j without an endpoint override, at %s', async (region, options, host) => {
    const client = new ECRClient({ region, credentials, requestHandler: handler(), ...options })
    clients.push(client)

    const out = await client.send(new GetAuthorizationTokenCommand({}))

    expect(Buffer.from(out.authorizationData?.[0].authorizationToken ?? '', 'base64').toString()).toBe(
      `AWS:${WORLD_PASSWORD}`
    )
    expect(emulator.calls).toEqual([expect.objectContaining({ host, region, status: 200 })])
  })

  test('answers ECR Public at its real API host', async () => {
    const client = new ECRPUBLICClient({ region: 'us-east-1', credentials, requestHandler: handler() })
    clients.push(client)

    await client.send(new GetPublicToken({}))

    expect(emulator.calls).toEqual([
      expect.objectContaining({
        host: 'api.ecr-public.us-east-1.amazonaws.com',
        service: 'ecr-public',
        status: 200
      })
    ])
  })

  test('a request through tinyproxy leaves a CONNECT line in its log', async () => {
    // https-proxy-agent uses its constructor options only for the proxy connection; the target's CA goes per request.
    const agent = new HttpsProxyAgent(world.proxyUrl)
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request('https://api.ecr.eu-west-1.amazonaws.com/', { method: 'POST', agent, ca }, res => {
        res.resume()
        resolve(res.statusCode)
      })
      req.on('error', reject)
      req.end('{}')
    })
    agent.destroy()

    expect(status).toBe(400)
    expect(await readFile(world.proxyLog, 'utf8')).toContain('CONNECT api.ecr.eu-west-1.amazonaws.com:443')
    expect(emulator.calls).toEqual([expect.objectContaining({ host: 'api.ecr.eu-west-1.amazonaws.com' })])
  })
})

describe('the action runner emulation', () => {
  // Stand-ins for dist/main and dist/post, written without @actions/core so that they show the raw protocol.
  const MAIN = `
import { appendFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { get } from 'node:https'
const { env } = process
appendFileSync(env.GITHUB_OUTPUT, 'multi<<ghadelimiter_1\\nline one\\nline two\\nghadelimiter_1\\n')
appendFileSync(env.GITHUB_OUTPUT, 'type=' + env['INPUT_REGISTRY-TYPE'] + '\\n')
appendFileSync(env.GITHUB_OUTPUT, 'mask=' + env['INPUT_MASK-PASSWORD'] + '\\n')
appendFileSync(env.GITHUB_STATE, 'registries<<ghadelimiter_2\\n${HOST}\\nghadelimiter_2\\n')
appendFileSync(env.GITHUB_ENV, 'FROM_MAIN=yes\\n')
console.log('::add-mask::' + env.ECR_WORLD_PASSWORD)
console.log('::warning::first%0Asecond')
console.log('::error file=src/main.ts,line=3::it broke')
execFileSync('docker', ['login', '--username', 'AWS', '--password-stdin', '${HOST}'], { input: env.ECR_WORLD_PASSWORD })
get('https://api.ecr.us-east-1.amazonaws.com/', res => {
  appendFileSync(env.GITHUB_OUTPUT, 'api-status=' + res.statusCode + '\\n')
  res.resume()
})
`
  const POST = `
import { appendFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
const { env } = process
appendFileSync(env.GITHUB_OUTPUT, 'saw-state=' + env.STATE_registries + '\\n')
appendFileSync(env.GITHUB_OUTPUT, 'saw-env=' + env.FROM_MAIN + '\\n')
execFileSync('docker', ['logout', env.STATE_registries])
`

  test('runJob gives main the runner environment and post the state and env main saved', async () => {
    const bin = join(dir, 'bin')
    const home = join(dir, 'home')
    await Promise.all([mkdir(bin), mkdir(home)])
    await fakeDocker(bin)
    await writeFile(join(dir, 'main.mjs'), MAIN)
    await writeFile(join(dir, 'post.mjs'), POST)
    let configWhileLoggedIn = ''

    const { main, post } = await runJob({
      entries: { main: join(dir, 'main.mjs'), post: join(dir, 'post.mjs') },
      inputs: { 'registry-type': 'private', 'mask-password': 'true' },
      env: { HOME: home, PATH: `${bin}:${process.env.PATH}` },
      between: async () => {
        configWhileLoggedIn = await readFile(join(home, '.docker', 'config.json'), 'utf8')
      }
    })

    expect(main).toMatchObject({
      code: 0,
      outputs: { multi: 'line one\nline two', type: 'private', mask: 'true', 'api-status': '404' },
      state: { registries: HOST },
      env: { FROM_MAIN: 'yes' },
      masks: [WORLD_PASSWORD],
      warnings: ['first\nsecond'],
      errors: ['it broke']
    })
    expect(JSON.parse(configWhileLoggedIn).auths[HOST]).toBeDefined()
    expect(post).toMatchObject({ code: 0, outputs: { 'saw-state': HOST, 'saw-env': 'yes' } })
    const calls = await readDockerCalls(bin)
    expect(calls.map(c => c.argv)).toEqual([
      ['login', '--username', 'AWS', '--password-stdin', HOST],
      ['logout', HOST]
    ])
    expect(calls[0].stdin).toBe(WORLD_PASSWORD)
    expect(calls.every(c => !c.argv.join(' ').includes(WORLD_PASSWORD))).toBe(true)
  })

  test('runStep reports a failing step and a missing entry', async () => {
    await writeFile(join(dir, 'fail.mjs'), "console.log('::error::no'); process.exit(3)")

    expect(await runStep(join(dir, 'fail.mjs'))).toMatchObject({ code: 3, errors: ['no'] })
    await expect(runStep(join(dir, 'absent.js'))).rejects.toThrow('does not exist')
  })
})

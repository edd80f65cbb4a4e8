// The bundled docker-credential-ecr-login, spawned as docker spawns it, against an EcrEmulator on
// 127.0.0.1 (endpoint override + CA bundle): protocol answers, the cache file across processes,
// the stale fallback, and byte-for-byte agreement with the Go helper where one is installed.
import { spawn } from 'node:child_process'
import { existsSync, promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EcrEmulator, EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { makeCertificates } from '../support/tls.js'
import { ACTION_NODE } from '../support/action-runner.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const HELPER = join(ROOT, 'dist', 'helper', 'index.js')
const GO_HELPER = '/usr/bin/docker-credential-ecr-login'
const PASSWORD = 'emulated:password<with>&specials'
const [KEY] = EMULATOR_KEYS
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'
const HOUR = 60 * 60 * 1000

let pkiDir: string
let ca: string
let emulator: EcrEmulator
let dir: string

beforeAll(async () => {
  pkiDir = await fs.mkdtemp(join(tmpdir(), 'helper-compat-pki-'))
  const pki = await makeCertificates(pkiDir, ['localhost', '127.0.0.1'])
  ca = pki.ca
  emulator = await EcrEmulator.start({ cert: pki.cert, key: pki.key, password: PASSWORD })
})
afterAll(async () => {
  await emulator.stop()
  await fs.rm(pkiDir, { recursive: true, force: true })
})
beforeEach(async () => {
  emulator.reset()
  dir = await fs.mkdtemp(join(tmpdir(), 'helper-compat-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

/** A clean environment in which every AWS call can only reach the emulator. */
function helperEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: dir,
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: emulator.url,
    AWS_CA_BUNDLE: ca,
    AWS_MAX_ATTEMPTS: '1',
    ...extra
  }
}

function run(
  program: string[],
  action: string[],
  stdin: string,
  env: NodeJS.ProcessEnv
): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program[0], [...program.slice(1), ...action], { env, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('error', reject)
    child.on('close', code => resolve({ stdout, stderr, code }))
    child.stdin.end(stdin)
  })
}

const helper = (action: string[], stdin = '', env = helperEnv()) =>
  run([ACTION_NODE, HELPER], action, stdin, env)

const escaped = PASSWORD.replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')

test('get: a cold get calls ECR in the host region, a second process answers from cache.json', async () => {
  const first = await helper(['get'], `https://${HOST}\n`)
  expect(first).toEqual({
    stdout: `{"ServerURL":"https://${HOST}","Username":"AWS","Secret":"${escaped}"}\n`,
    stderr: '',
    code: 0
  })
  expect(emulator.calls.map(c => [c.service, c.region, c.registryIds])).toEqual([
    ['ecr', 'eu-west-1', ['111111111111']]
  ])

  const second = await helper(['get'], HOST)
  expect(second.stdout).toBe(`{"ServerURL":"${HOST}","Username":"AWS","Secret":"${escaped}"}\n`)
  expect(emulator.calls).toHaveLength(1)

  const cache = JSON.parse(await fs.readFile(join(dir, '.ecr', 'cache.json'), 'utf8'))
  expect(Object.keys(cache.Registries)).toEqual([
    'eu-west-1-Gl1EotyhlmnXLt9MTxwnxMHKS0QI+7F/bOStRS143bM=-111111111111'
  ])
  expect(cache.Version).toBe('1.0')
  const log = await fs.readFile(join(dir, '.ecr', 'log', 'ecr-login.log'), 'utf8')
  expect(log).toContain('Using cached token')
  expect(log).not.toContain('emulated:password')
})

test('get: ECR Public goes to us-east-1 whatever AWS_REGION says', async () => {
  const out = await helper(['get'], 'public.ecr.aws', helperEnv({ AWS_REGION: 'eu-west-1' }))
  expect(out.code).toBe(0)
  expect(emulator.calls.map(c => [c.service, c.region])).toEqual([['ecr-public', 'us-east-1']])
})

/** Writes ~/.ecr/cache.json holding a token for HOST requested `age` ago, with a 12-hour life. */
async function cacheTokenOfAge(age: number): Promise<void> {
  const ecrDir = join(dir, '.ecr')
  await fs.mkdir(ecrDir, { recursive: true })
  const requested = new Date(Date.now() - age)
  await fs.writeFile(
    join(ecrDir, 'cache.json'),
    JSON.stringify({
      Registries: {
        'eu-west-1-Gl1EotyhlmnXLt9MTxwnxMHKS0QI+7F/bOStRS143bM=-111111111111': {
          AuthorizationToken: Buffer.from('AWS:cached-password').toString('base64'),
          RequestedAt: requested.toISOString(),
          ExpiresAt: new Date(requested.getTime() + 12 * HOUR).toISOString(),
          ProxyEndpoint: `https://${HOST}`,
          Service: 'ecr'
        }
      },
      Version: '1.0'
    })
  )
}

test('get: when ECR answers 500, a stale cached token is served', async () => {
  await cacheTokenOfAge(7 * HOUR)
  emulator.faults.serverErrors = 10

  const out = await helper(['get'], HOST)
  expect(out).toMatchObject({ stdout: expect.stringContaining('"Secret":"cached-password"'), code: 0 })
  expect(emulator.calls.length).toBeGreaterThan(0)
  expect(emulator.calls.every(c => c.status === 500)).toBe(true)
})

test('get: when ECR answers 500, an expired cached token is not served: not found, and the log says why', async () => {
  await cacheTokenOfAge(13 * HOUR)
  emulator.faults.serverErrors = 10

  const out = await helper(['get'], HOST)
  expect(out).toEqual({ stdout: 'credentials not found in native keychain\n', stderr: '', code: 1 })
  expect(emulator.calls.length).toBeGreaterThan(0)
  expect(emulator.calls.every(c => c.status === 500)).toBe(true)
  const log = await fs.readFile(join(dir, '.ecr', 'log', 'ecr-login.log'), 'utf8')
  expect(log).toMatch(
    new RegExp(
      `level=error msg="Error retrieving credentials for ${HOST}: The cached token had expired .* could not be refreshed: .*500`
    )
  )
  expect(log).not.toContain('cached-password')
})

test('get: no AWS credentials is not found, with no call', async () => {
  const env = helperEnv()
  delete env.AWS_ACCESS_KEY_ID
  delete env.AWS_SECRET_ACCESS_KEY
  const out = await helper(['get'], HOST, env)
  expect(out).toEqual({ stdout: 'credentials not found in native keychain\n', stderr: '', code: 1 })
  expect(emulator.calls).toEqual([])
})

test('list: the default registry, ECR Public and what the cache holds', async () => {
  await helper(['get'], '111111111111.dkr.ecr.ap-south-1.amazonaws.com')
  const out = await helper(['list'], '', helperEnv({ AWS_REGION: 'us-west-2' }))
  expect(out).toEqual({
    stdout:
      '{"https://111111111111.dkr.ecr.ap-south-1.amazonaws.com":"AWS",' +
      '"https://111111111111.dkr.ecr.us-west-2.amazonaws.com":"AWS",' +
      '"https://public.ecr.aws":"AWS"}\n',
    stderr: '',
    code: 0
  })
})

const withGo = existsSync(GO_HELPER) ? describe : describe.skip
withGo('answers as the Go helper does', () => {
  // Only requests that never reach AWS; a dead proxy makes sure of it.
  test.each([
    ['get', 'example.com'],
    ['get', 'https://index.docker.io/v1/'],
    ['get', ''],
    ['get', '\n\n'],
    ['store', JSON.stringify({ ServerURL: HOST, Username: 'AWS', Secret: 'x' })],
    ['store', JSON.stringify({ ServerURL: '', Username: 'AWS', Secret: 'x' })],
    ['erase', HOST]
  ])('%s %j', async (action, stdin) => {
    const env = helperEnv({ HTTPS_PROXY: 'http://127.0.0.1:1', HTTP_PROXY: 'http://127.0.0.1:1' })
    const go = await run([GO_HELPER], [action], stdin, env)
    const ours = await helper([action], stdin, env)
    expect({ stdout: ours.stdout, code: ours.code }).toEqual({ stdout: go.stdout, code: go.code })
    expect(emulator.calls).toEqual([])
  })
})

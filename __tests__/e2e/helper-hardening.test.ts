// The bundled docker-credential-ecr-login, spawned as docker spawns it, where issue 12 found it
// weak: an API that never answers (item 3), concurrent runs (item 13), a cache directory another
// user made (item 12); and the launcher on PATH (issue 13).
import { spawn } from 'node:child_process'
import { chownSync, promises as fs } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { keyHash } from '../../src/helper/cache-file.js'
import { ACTION_NODE } from '../support/action-runner.js'
import { EcrEmulator, EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { makeCertificates } from '../support/tls.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const HELPER = join(ROOT, 'dist', 'helper', 'index.js')
// The node that runs the bundles, as on the runner (node 24).
const NODE = ACTION_NODE
const [KEY] = EMULATOR_KEYS
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'
const HOUR = 3600_000
const NOBODY = 65534

let pkiDir: string
let ca: string
let emulator: EcrEmulator
let dir: string

beforeAll(async () => {
  pkiDir = await fs.mkdtemp(join(tmpdir(), 'helper-hardening-pki-'))
  const pki = await makeCertificates(pkiDir, ['localhost', '127.0.0.1'])
  ca = pki.ca
  emulator = await EcrEmulator.start({ cert: pki.cert, key: pki.key, password: 'emulated-password' })
})
afterAll(async () => {
  await emulator.stop()
  await fs.rm(pkiDir, { recursive: true, force: true })
})
beforeEach(async () => {
  emulator.reset()
  dir = await fs.mkdtemp(join(tmpdir(), 'helper-hardening-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

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
  stdin: string,
  env: NodeJS.ProcessEnv
): Promise<{ stdout: string; stderr: string; code: number | null; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(program[0], program.slice(1), { env, stdio: 'pipe' })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('error', reject)
    child.on('close', code => resolve({ stdout, stderr, code, ms: Date.now() - started }))
    child.stdin.end(stdin)
  })
}

const get = (host: string, env = helperEnv()) => run([NODE, HELPER, 'get'], host, env)

/** A cache.json holding one entry for `host` under the emulator key, requested `age` ago. */
function cacheText(host: string, password: string, age: number): string {
  const [account, , , region] = host.split('.')
  const requested = Date.now() - age
  return JSON.stringify({
    Registries: {
      [`${region}-${keyHash(KEY.accessKeyId)}-${account}`]: {
        AuthorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        RequestedAt: new Date(requested).toISOString(),
        ExpiresAt: new Date(requested + 12 * HOUR).toISOString(),
        ProxyEndpoint: `https://${host}`,
        Service: 'ecr'
      }
    },
    Version: '1.0'
  })
}

describe('an ECR API that accepts connections and never answers', () => {
  let silent: Server
  let sockets: Socket[]
  beforeEach(async () => {
    sockets = []
    silent = createServer(socket => sockets.push(socket))
    await new Promise<void>(resolve => silent.listen(0, '127.0.0.1', resolve))
  })
  afterEach(async () => {
    for (const socket of sockets) socket.destroy()
    await new Promise(resolve => silent.close(resolve))
  })

  test('a stale cached token is served within the refresh deadline, and stderr stays empty', async () => {
    await fs.mkdir(join(dir, '.ecr'), { mode: 0o700 })
    await fs.writeFile(join(dir, '.ecr', 'cache.json'), cacheText(HOST, 'stale-but-valid', 7 * HOUR), {
      mode: 0o600
    })
    const { port } = silent.address() as { port: number }
    const out = await get(HOST, helperEnv({ AWS_ENDPOINT_URL_ECR: `https://127.0.0.1:${port}` }))
    expect(out).toMatchObject({
      stdout: `{"ServerURL":"${HOST}","Username":"AWS","Secret":"stale-but-valid"}\n`,
      stderr: '',
      code: 0
    })
    expect(sockets.length).toBeGreaterThan(0)
    // 10 s to wait, plus node and the SDK loading.
    expect(out.ms).toBeLessThan(20_000)
    const log = await fs.readFile(join(dir, '.ecr', 'log', 'ecr-login.log'), 'utf8')
    expect(log).toMatch(/Falling back to cached token.*did not answer.*within 10 s/)
  }, 30_000)
})

test('ten concurrent gets for ten accounts keep all ten cache entries', async () => {
  // Held answers make the ten writes land close together.
  emulator.faults.latencyMs = 500
  const accounts = Array.from({ length: 10 }, (_, i) => String(111111111111 + i))
  const results = await Promise.all(
    accounts.map(account => get(`${account}.dkr.ecr.eu-west-1.amazonaws.com`))
  )
  expect(results.map(r => r.code)).toEqual(accounts.map(() => 0))
  const cache = JSON.parse(await fs.readFile(join(dir, '.ecr', 'cache.json'), 'utf8'))
  expect(Object.keys(cache.Registries).sort()).toEqual(
    accounts.map(a => `eu-west-1-${keyHash(KEY.accessKeyId)}-${a}`).sort()
  )
  expect(await fs.readdir(join(dir, '.ecr'))).toEqual(['cache.json', 'compile-cache', 'log'])
}, 60_000)

const asRoot = process.getuid?.() === 0 ? test : test.skip
asRoot(
  'a cache directory another user made: its planted token is not served, its log link not followed',
  async () => {
    const theirs = join(dir, 'theirs')
    await fs.mkdir(join(theirs, 'log'), { recursive: true, mode: 0o755 })
    await fs.writeFile(join(theirs, 'cache.json'), cacheText(HOST, 'planted', 0), { mode: 0o644 })
    const victim = join(dir, 'root-only')
    await fs.writeFile(victim, 'precious\n', { mode: 0o600 })
    await fs.symlink(victim, join(theirs, 'log', 'ecr-login.log'))
    for (const path of [join(theirs, 'cache.json'), join(theirs, 'log'), theirs])
      chownSync(path, NOBODY, NOBODY)

    const out = await get(HOST, helperEnv({ AWS_ECR_CACHE_DIR: theirs }))
    expect(out).toMatchObject({ stdout: expect.stringContaining('"Secret":"emulated-password"'), code: 0 })
    expect(await fs.readFile(victim, 'utf8')).toBe('precious\n')
    expect(await fs.readFile(join(theirs, 'cache.json'), 'utf8')).toContain(
      Buffer.from('AWS:planted').toString('base64')
    )
  }
)

asRoot(
  'a link another user planted in a shared directory is not followed to our own cache directory behind it',
  async () => {
    const mine = join(dir, 'mine')
    await fs.mkdir(mine, { mode: 0o700 })
    const ours = cacheText(HOST, 'ours', 0)
    await fs.writeFile(join(mine, 'cache.json'), ours, { mode: 0o600 })
    const shared = join(dir, 'shared')
    await fs.mkdir(shared)
    await fs.chmod(shared, 0o1777)
    const planted = join(shared, 'ecr')
    await fs.symlink(mine, planted)
    await fs.lchown(planted, NOBODY, NOBODY)

    const out = await get(HOST, helperEnv({ AWS_ECR_CACHE_DIR: planted }))
    expect(out).toEqual({
      stdout: `{"ServerURL":"${HOST}","Username":"AWS","Secret":"emulated-password"}\n`,
      stderr: '',
      code: 0,
      ms: expect.any(Number)
    })
    expect(await fs.readdir(mine)).toEqual(['cache.json'])
    expect(await fs.readFile(join(mine, 'cache.json'), 'utf8')).toBe(ours)
  }
)

test('dist/helper/docker-credential-ecr-login through a symlink on PATH runs node directly', async () => {
  const launcher = join(ROOT, 'dist', 'helper', 'docker-credential-ecr-login')
  expect((await fs.readFile(launcher, 'utf8')).split('\n')[0]).toBe('#!/usr/bin/env node')
  const bin = join(dir, 'bin')
  await fs.mkdir(bin)
  await fs.symlink(launcher, join(bin, 'docker-credential-ecr-login'))
  const env = helperEnv({ PATH: [bin, dirname(NODE), process.env.PATH].join(delimiter) })

  const first = await run(['docker-credential-ecr-login', 'get'], HOST, env)
  expect(first).toMatchObject({ stdout: expect.stringContaining('"Secret":"emulated-password"'), code: 0 })
  const second = await run(['docker-credential-ecr-login', 'get'], HOST, env)
  expect(second).toMatchObject({ stdout: first.stdout, stderr: '', code: 0 })
  expect(emulator.calls).toHaveLength(1)
})

// The helper as users install it: the package tarball scripts/pack-helper.ts makes from
// dist/helper, installed with one offline `npm install --global --prefix <tmp>`, then run by name
// from the prefix's bin/ (as docker runs it from PATH) on node 24: version, get against the ECR
// emulator, list.
import { execFile, spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { EcrEmulator, EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { makeCertificates } from '../support/tls.js'
import { ACTION_NODE, REPO_ROOT } from '../support/action-runner.js'
import { packHelper, PACKAGE_NAME } from '../../scripts/pack-helper.js'

const PASSWORD = 'emulated:package-password'
const [KEY] = EMULATOR_KEYS
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'

let work: string
let prefix: string
let tarball: string
let emulator: EcrEmulator
let ca: string
let home: string

beforeAll(async () => {
  work = await fs.mkdtemp(join(tmpdir(), 'helper-package-'))
  await fs.mkdir(join(work, 'pki'))
  const pki = await makeCertificates(join(work, 'pki'), ['localhost', '127.0.0.1'])
  ca = pki.ca
  emulator = await EcrEmulator.start({ cert: pki.cert, key: pki.key, password: PASSWORD })
  tarball = packHelper(REPO_ROOT, join(work, 'out'))
  prefix = join(work, 'prefix')
  // The tarball holds everything: --offline proves nothing is fetched (a private cache, so no
  // package the machine happens to have cached can stand in).
  await promisify(execFile)(
    'npm',
    ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball],
    { env: { ...process.env, npm_config_cache: join(work, 'npm-cache') }, timeout: 60_000 }
  )
}, 120_000)
afterAll(async () => {
  await emulator?.stop()
  if (work) await fs.rm(work, { recursive: true, force: true })
})
beforeEach(async () => {
  emulator.reset()
  home = await fs.mkdtemp(join(work, 'home-'))
})

/** Runs the installed helper by name, found on PATH as docker finds it; node 24 first on PATH. */
function installed(action: string, stdin = '', extra: NodeJS.ProcessEnv = {}) {
  const env = {
    PATH: [join(prefix, 'bin'), dirname(ACTION_NODE), process.env.PATH].join(delimiter),
    HOME: home,
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
    AWS_CA_BUNDLE: ca,
    AWS_MAX_ATTEMPTS: '1',
    ...extra
  }
  return new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve, reject) => {
    const child = spawn(PACKAGE_NAME, [action], { env, stdio: 'pipe', timeout: 30_000 })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', d => (stdout += d))
    child.stderr.on('data', d => (stderr += d))
    child.on('error', reject)
    child.on('close', code => resolve({ stdout, stderr, code }))
    child.stdin.end(stdin)
  })
}

test('the package is the bundle alone: no dependencies, a bin that node runs', async () => {
  const root = join(prefix, 'lib', 'node_modules', PACKAGE_NAME)
  const manifest = JSON.parse(await fs.readFile(join(root, 'package.json'), 'utf8'))
  const pkg = JSON.parse(await fs.readFile(join(REPO_ROOT, 'package.json'), 'utf8'))
  expect(manifest).toMatchObject({ name: PACKAGE_NAME, version: pkg.version, type: 'commonjs' })
  expect(manifest.dependencies).toBeUndefined()
  expect(await fs.readFile(join(root, manifest.bin[PACKAGE_NAME]), 'utf8')).toMatch(
    /^#!\/usr\/bin\/env node\n/
  )
  await expect(fs.readdir(join(root, 'node_modules'))).rejects.toThrow(/ENOENT/)
})

test('version: the installed helper reports package.json’s version', async () => {
  const pkg = JSON.parse(await fs.readFile(join(REPO_ROOT, 'package.json'), 'utf8'))
  expect(await installed('version')).toEqual({
    stdout: `${PACKAGE_NAME} (ecr-login) ${pkg.version}\n`,
    stderr: '',
    code: 0
  })
})

test('get: the installed helper fetches a token from ECR and caches it', async () => {
  const out = await installed('get', `${HOST}\n`)
  expect(out).toEqual({
    stdout: `{"ServerURL":"${HOST}","Username":"AWS","Secret":"${PASSWORD}"}\n`,
    stderr: '',
    code: 0
  })
  expect(emulator.calls.map(c => [c.service, c.region])).toEqual([['ecr', 'eu-west-1']])
  await expect(fs.stat(join(home, '.ecr', 'cache.json'))).resolves.toBeTruthy()
})

test('list: the installed helper lists what its cache holds', async () => {
  await installed('get', HOST)
  const out = await installed('list', '', { AWS_REGION: 'eu-west-1' })
  expect(out.code).toBe(0)
  expect(JSON.parse(out.stdout)).toMatchObject({ [`https://${HOST}`]: 'AWS' })
})

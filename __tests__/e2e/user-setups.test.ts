// The setups users bring (a registry named three ways, DOCKER_TLS_VERIFY, a read-only HOME, an odd
// AWS_REGION, proxies) and what post and the helper tell them, each run as the Actions runner runs
// the bundled action, against the world's real dockerd, registry and tinyproxy and the ECR emulator.
import { execFile, spawn } from 'node:child_process'
import { promises as fs, readFileSync } from 'node:fs'
import * as net from 'node:net'
import { join } from 'node:path'
import * as tls from 'node:tls'
import { promisify } from 'node:util'
import { ACTION_NODE, fakeDocker, readDockerCalls, runJob, runStep } from '../support/action-runner.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { makeCertificates } from '../support/tls.js'
import { EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')
const awsEnv = (extra: Record<string, string | undefined> = {}) => actionEnv(ctx, extra)
const run = promisify(execFile)
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string
}

/** A `docker` shim first on PATH that records each call, then runs the real docker. */
async function shimmedPath(): Promise<{ bin: string; PATH: string }> {
  const bin = join(ctx.dir, 'shims')
  await fs.mkdir(bin)
  await fakeDocker(bin)
  return { bin, PATH: `${bin}:${process.env.PATH}` }
}

// One registry named as an account ID, as its host in capitals and with https:// was
// logged into three times, listed three times and logged out of three times.
test('one registry named three ways: one API entry, one login, one output, one logout', async () => {
  const { bin, PATH } = await shimmedPath()
  const { main, post } = await runJob({
    inputs: { registries: `111111111111, ${HOST.toUpperCase()}, https://${HOST}/` },
    env: awsEnv({ PATH })
  })
  expect(main.code).toBe(0)
  expect(ctx.emulator.calls.map(c => c.registryIds)).toEqual([['111111111111']])
  expect(main.outputs.registries).toBe(HOST)
  expect(main.outputs.registry).toBe(HOST)
  expect(Object.keys(main.outputs).filter(n => n.startsWith('docker_password_'))).toHaveLength(1)
  expect(main.state.registries).toBe(HOST)
  expect(post.code).toBe(0)
  const calls = (await readDockerCalls(bin)).map(c => c.argv)
  expect(calls).toEqual([
    ['login', '--username', 'AWS', '--password-stdin', '--', HOST],
    ['logout', '--', HOST]
  ])
  expect((await readDockerConfig(ctx)).auths).toEqual({})
})

// With DOCKER_TLS_VERIFY=1 docker reads ca.pem, cert.pem and key.pem from its config dir
// (DOCKER_CERT_PATH's default); the throw-away config dir had none. The daemon is reached here
// through a TLS front that demands a client certificate signed by the test CA.
test('DOCKER_TLS_VERIFY=1 with the client certificates in the Docker config dir works as with plain docker', async () => {
  const pki = join(ctx.dir, 'pki')
  await fs.mkdir(pki)
  const ca = await makeCertificates(pki, ['127.0.0.1', 'localhost'])
  const clientKey = join(pki, 'client-key.pem')
  const clientCsr = join(pki, 'client.csr')
  const clientCert = join(pki, 'client.pem')
  const ext = join(pki, 'client-ext.cnf')
  await fs.writeFile(ext, 'extendedKeyUsage = clientAuth\n')
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await run('openssl', [
    'req',
    ...ec,
    '-keyout',
    clientKey,
    '-out',
    clientCsr,
    '-subj',
    '/CN=ecr-login client'
  ])
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    clientCsr,
    '-CA',
    ca.ca,
    '-CAkey',
    ca.caKey,
    '-CAcreateserial',
    '-days',
    '1',
    '-extfile',
    ext,
    '-out',
    clientCert
  ])
  await fs.mkdir(ctx.configDir, { recursive: true })
  await fs.copyFile(ca.ca, join(ctx.configDir, 'ca.pem'))
  await fs.copyFile(clientCert, join(ctx.configDir, 'cert.pem'))
  await fs.copyFile(clientKey, join(ctx.configDir, 'key.pem'))

  const socket = ctx.world.dockerHost.replace(/^unix:\/\//, '')
  let authorized = 0
  const front = tls.createServer(
    {
      cert: await fs.readFile(ca.cert),
      key: await fs.readFile(ca.key),
      ca: await fs.readFile(ca.ca),
      requestCert: true,
      rejectUnauthorized: true
    },
    client => {
      authorized++
      const daemon = net.connect(socket)
      client.pipe(daemon).pipe(client)
      client.on('error', () => daemon.destroy())
      daemon.on('error', () => client.destroy())
    }
  )
  await new Promise<void>(resolve => front.listen(0, '127.0.0.1', resolve))
  const { port } = front.address() as net.AddressInfo
  try {
    const { main, post } = await runJob({
      env: awsEnv({ DOCKER_HOST: `tcp://127.0.0.1:${port}`, DOCKER_TLS_VERIFY: '1' }),
      between: async () => {
        expect(Object.keys((await readDockerConfig(ctx)).auths ?? {})).toEqual([HOST])
      }
    })
    expect(main.errors).toEqual([])
    expect(main.code).toBe(0)
    expect(post.code).toBe(0)
    expect(authorized).toBeGreaterThan(0)
    expect((await readDockerConfig(ctx)).auths).toEqual({})
  } finally {
    await new Promise(resolve => front.close(resolve))
  }
})

// A read-only HOME failed with `ENOENT … mkdir '…/.docker'` after the daemon login.
test('a read-only HOME fails before docker runs, naming the directory and DOCKER_CONFIG as the fix', async () => {
  const home = join(ctx.dir, 'home')
  await fs.mkdir(home)
  // A read-only bind mount in the world's private mount namespace: root cannot write it either.
  await run('mount', ['--bind', home, home])
  try {
    await run('mount', ['-o', 'remount,bind,ro', home])
    const { bin, PATH } = await shimmedPath()
    const main = await runStep('main', { env: awsEnv({ HOME: home, DOCKER_CONFIG: undefined, PATH }) })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain(
      `The Docker config directory ${join(home, '.docker')} cannot be created or written (EROFS at ${home}), so no login can be saved.`
    )
    expect(main.errors.join('\n')).toContain('DOCKER_CONFIG: ${{ runner.temp }}/docker-config')
    expect(await readDockerCalls(bin)).toEqual([])
  } finally {
    await run('umount', [home])
  }
})

// An AWS_REGION the SDK cannot use failed with 'Region not accepted' or 'Invalid URL'.
test.each([' us-east-1', 'us-east-1; x', ''])(
  'AWS_REGION=%j fails naming the variable and the fix, before any API call',
  async region => {
    const main = await runStep('main', {
      inputs: { registries: '111111111111' },
      env: awsEnv({ AWS_REGION: region })
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toMatch(/^The environment variable AWS_REGION is /)
    expect(main.errors.join('\n')).toContain('Set AWS_REGION to a region code such as us-east-1')
    expect(ctx.emulator.calls).toEqual([])
  }
)

// A proxy password with `/` in HTTPS_PROXY was printed whole (also in debug lines) and
// then failed with 'Invalid URL'; socks5:// was spoken to as an HTTP proxy.
describe('proxies from the environment', () => {
  test.each([
    ['a password with /', 'http://user:pa/ss-SECRET@127.0.0.1:8888', 'cannot be parsed'],
    [
      'socks5://',
      'socks5://user:pa-SECRET@127.0.0.1:1080',
      "'socks5://user:***@127.0.0.1:1080' is not an http(s) URL: socks5:// proxies are not supported"
    ]
  ])('%s in HTTPS_PROXY is refused, named, never printed, before any call', async (_why, proxy, why) => {
    const main = await runStep('main', { env: awsEnv({ HTTPS_PROXY: proxy, RUNNER_DEBUG: '1' }) })
    expect(main.code).toBe(1)
    const errors = main.errors.join('\n')
    expect(errors).toContain('Invalid proxy in the environment variable HTTPS_PROXY: ')
    expect(errors).toContain(why)
    expect(main.stdout + main.stderr).not.toContain('SECRET')
    expect(ctx.emulator.calls).toEqual([])
  })

  test('a percent-encoded password works through a real proxy and is printed as ***', async () => {
    const proxy = ctx.world.proxyUrl.replace('http://', 'http://user:pa%2Fss-SECRET@')
    const main = await runStep('main', { env: awsEnv({ HTTPS_PROXY: proxy, RUNNER_DEBUG: '1' }) })
    expect(main.errors).toEqual([])
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`Using proxy ${ctx.world.proxyUrl.replace('http://', 'http://user:***@')}`)
    expect(main.stdout + main.stderr).not.toContain('SECRET')
  })
})

// Post passed whatever state held to `docker logout`, so `--help` ran as a flag.
test('post logs out with `docker logout -- <host>` and refuses a state entry that is no ECR host', async () => {
  const { bin, PATH } = await shimmedPath()
  const main = await runStep('main', { env: awsEnv({ PATH, HOME: ctx.dir }) })
  expect(main.code).toBe(0)
  const post = await runStep('post', {
    state: { registries: `--help,${main.state.registries}` },
    env: awsEnv({ PATH, HOME: ctx.dir })
  })
  expect(post.code).toBe(1)
  expect(post.errors).toEqual([
    "The saved state 'registries' holds '--help', which is not an ECR registry host, so it was not logged out of.",
    'Failed to logout: --help'
  ])
  expect((await readDockerCalls(bin)).map(c => c.argv)).toEqual([
    ['login', '--username', 'AWS', '--password-stdin', '--', HOST],
    ['logout', '--', HOST]
  ])
  expect((await readDockerConfig(ctx)).auths).toEqual({})
})

// With skip-logout post said "No registries to log out of."
test('with skip-logout, post says logout was skipped', async () => {
  const { main, post } = await runJob({ inputs: { 'skip-logout': 'true' }, env: awsEnv() })
  expect(main.code).toBe(0)
  expect(post.code).toBe(0)
  expect(post.stdout).toContain("Logout skipped: 'skip-logout' is true")
  expect(post.stdout).not.toContain('No registries to log out of.')
  expect(Object.keys((await readDockerConfig(ctx)).auths ?? {})).toEqual([HOST])
})

// The user agent and the mask-password warning named another project.
test('the API sees this project’s user agent; the mask-password warning links to this project', async () => {
  const main = await runStep('main', { inputs: { 'mask-password': 'false' }, env: awsEnv() })
  expect(main.code).toBe(0)
  const [call] = ctx.emulator.calls
  expect(call.userAgent).toContain(`ecr-login/${pkg.version}`)
  expect(call.userAgent).not.toContain('amazon-ecr-login-for-github-actions')
  expect(main.warnings).toHaveLength(1)
  expect(main.warnings[0]).toContain('https://github.com/owner/ecr-login#')
  expect(main.warnings[0]).not.toContain('aws-actions/amazon-ecr-login')
})

// The README said a port is refused and named one failure answer, but `host:443` is
// accepted and empty stdin answers `no credentials server URL`. Each row of the README's table is
// run through the bundled helper.
test('the credential helper answers `get` as the README’s table says', async () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const table = readme.slice(
    readme.indexOf('<!-- helper-get:start -->'),
    readme.indexOf('<!-- helper-get:end -->')
  )
  const rows = table
    .split('\n')
    .filter(line => line.startsWith('| ') && !line.startsWith('| Docker sends') && !line.startsWith('| ---'))
    .map(line =>
      line
        .split('|')
        .slice(1, 3)
        .map(cell => cell.trim())
    )
  expect(rows.length).toBeGreaterThanOrEqual(8)
  const helper = join(ctx.dir, 'helper-cache')
  const [key] = EMULATOR_KEYS
  for (const [sent, answer] of rows) {
    const input = sent.startsWith('`') ? sent.slice(1, -1) : ''
    const result = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(ACTION_NODE, [join(process.cwd(), 'dist', 'helper', 'index.js'), 'get'], {
        env: {
          PATH: process.env.PATH,
          HOME: ctx.dir,
          AWS_ECR_CACHE_DIR: helper,
          AWS_ACCESS_KEY_ID: key.accessKeyId,
          AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_ENDPOINT_URL_ECR: ctx.emulator.url,
          AWS_ENDPOINT_URL_ECR_PUBLIC: ctx.emulator.url,
          NODE_EXTRA_CA_CERTS: ctx.world.ca
        },
        stdio: ['pipe', 'pipe', 'inherit']
      })
      let stdout = ''
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
      child.on('error', reject)
      child.on('close', code => resolve({ code, stdout }))
      child.stdin.end(input)
    })
    if (answer === 'the credentials') {
      expect({ sent, code: result.code }).toEqual({ sent, code: 0 })
      expect(JSON.parse(result.stdout)).toEqual({ ServerURL: input, Username: 'AWS', Secret: WORLD_PASSWORD })
    } else {
      expect({ sent, code: result.code, stdout: result.stdout }).toEqual({
        sent,
        code: 1,
        stdout: `${answer.slice(1, -1)}\n`
      })
    }
  }
})

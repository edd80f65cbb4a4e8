import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, delimiter, dirname, join } from 'node:path'
import { cliDocker, loginError, type CliDockerOptions, type CommandRunner } from '../../src/clients/docker.js'
import { ClientError, UserError } from '../../src/errors.js'
import type { StorePrograms } from '../../src/clients/store-program.js'
import type { KeptLogin } from '../../src/config/credential-store.js'
import { fakeDockerCli, token, type FakeCli } from '../support/fakes.js'
import { expectMode, trueProgram } from '../support/platform.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const OTHER = '210987654321.dkr.ecr.eu-west-1.amazonaws.com'
const PASSWORD = 'eyJwYXlsb2FkIjoi:secret-part:end'
const AUTH = token(PASSWORD)

let root: string
let userDir: string
let tempDir: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'ecr-login-docker-test-'))
  userDir = join(root, 'home', '.docker')
  tempDir = join(root, 'runner-temp')
  await fs.mkdir(userDir, { recursive: true })
  await fs.mkdir(tempDir)
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const userFile = () => join(userDir, 'config.json')
const readUser = async () => JSON.parse(await fs.readFile(userFile(), 'utf8'))
const writeUser = (config: unknown) =>
  fs.writeFile(userFile(), JSON.stringify(config, null, '\t'), { mode: 0o600 })

/** A credential store that takes every token (or refuses with `refuse`), recording what it was given. */
function fakeStores(refuse?: string) {
  const calls: { name: string; host: string; username: string; secret: string }[] = []
  const stores: StorePrograms = {
    async store(name, host, username, secret) {
      calls.push({ name, host, username, secret })
      return refuse
    }
  }
  return { calls, stores }
}

function docker(cli: FakeCli, options: CliDockerOptions = {}) {
  return cliDocker({
    env: { DOCKER_CONFIG: userDir, PATH: '/usr/bin' },
    tempDir,
    run: cli.run,
    stores: fakeStores().stores,
    ...options
  })
}

/** The UserError a promise rejects with. */
async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

const userConfig = {
  auths: {
    'https://index.docker.io/v1/': { auth: 'dXNlcjpodWI=' },
    'ghcr.io': { auth: 'Z2g6dG9rZW4=' }
  },
  credsStore: 'desktop',
  credHelpers: { 'gcr.io': 'gcloud' },
  currentContext: 'remote',
  proxies: { default: { httpsProxy: 'http://proxy:3128' } },
  psFormat: 'table {{.ID}}'
}
const { auths: userAuths, ...userSettings } = userConfig
const { credsStore: _store, credHelpers: _helpers, ...plainSettings } = userSettings
/** What docker sees in a login's throw-away config: the user's settings, no logins, no store. */
const throwAway = {
  ...plainSettings,
  credHelpers: { 'no-credential-store.ecr-login.invalid': '' },
  auths: {}
}

describe('login', () => {
  test('a login started before the token gets the password on stdin when it comes, once', async () => {
    await writeUser(userConfig)
    const cli = fakeDockerCli()
    const client = docker(cli)
    client.startLogin!(HOST, 30_000)
    await client.login(HOST, 'AWS', PASSWORD)
    expect(cli.calls.map(c => [c.args, c.input])).toEqual([
      [['login', '--username', 'AWS', '--password-stdin', '--', HOST], PASSWORD]
    ])
    // The token went into the user's credsStore; the file holds docker's empty entry.
    expect((await readUser()).auths[HOST]).toEqual({})
    await client.dispose!()
    expect(await fs.readdir(tempDir)).toEqual([])
  })

  test('a login started for a host no token came for is ended and removed by dispose', async () => {
    const cli = fakeDockerCli()
    const client = docker(cli)
    client.startLogin!(HOST, 30_000)
    client.startLogin!(OTHER, 30_000)
    await client.login(OTHER, 'AWS', PASSWORD)
    await client.dispose!()
    // Only OTHER's docker ever got a password; HOST's was ended without one.
    expect(cli.calls.map(c => c.args.at(-1))).toEqual([OTHER])
    expect(await fs.readdir(tempDir)).toEqual([])
    expect(Object.keys((await readUser()).auths)).toEqual([OTHER])
  })

  test('config dirs prepared ahead are used by the logins, and the unused ones removed by dispose', async () => {
    await writeUser(userConfig)
    const cli = fakeDockerCli()
    const client = docker(cli)
    client.prepare!(3)
    // Made while the tokens are on their way: all three exist before any login.
    await new Promise(resolve => setTimeout(resolve, 50))
    const made = (await fs.readdir(tempDir)).sort()
    expect(made).toHaveLength(3)
    await client.login(HOST, 'AWS', PASSWORD)
    await client.login(OTHER, 'AWS', PASSWORD)
    expect(cli.calls.map(c => basename(c.configDir!)).every(d => made.includes(d))).toBe(true)
    expect(cli.calls[0].configAtStart).toEqual(throwAway)
    await client.dispose!()
    expect(await fs.readdir(tempDir)).toEqual([])
    expect(Object.keys((await readUser()).auths).sort()).toEqual(
      [...Object.keys(userAuths), HOST, OTHER].sort()
    )
  })

  test('runs exactly `login --username AWS --password-stdin -- <host>` (`--`: no host is read as an option) with the password only on stdin', async () => {
    const cli = fakeDockerCli()
    await docker(cli).login(HOST, 'AWS', PASSWORD)
    expect(cli.calls.map(c => c.args)).toEqual([
      ['login', '--username', 'AWS', '--password-stdin', '--', HOST]
    ])
    expect(cli.calls[0].input).toBe(PASSWORD)
    expect(cli.calls[0].args.join(' ')).not.toContain(PASSWORD)
  })

  test('docker sees a throw-away DOCKER_CONFIG with the user’s settings, no auths and no store', async () => {
    await writeUser(userConfig)
    const cli = fakeDockerCli()
    await docker(cli).login(HOST, 'AWS', PASSWORD)
    const [call] = cli.calls
    expect(call.configDir).not.toBe(userDir)
    expect(dirname(call.configDir!)).toBe(tempDir)
    expect(call.configAtStart).toEqual(throwAway)
  })

  test('the user’s contexts are visible to docker through the throw-away config', async () => {
    await fs.mkdir(join(userDir, 'contexts', 'meta'), { recursive: true })
    const cli = fakeDockerCli()
    await docker(cli).login(HOST, 'AWS', PASSWORD)
    expect(cli.calls[0].contextsDir).toBe(await fs.realpath(join(userDir, 'contexts')))
  })

  test('the token goes into the credsStore docker would use, the file gets docker’s empty entry; every other key is kept', async () => {
    await writeUser(userConfig)
    const { calls, stores } = fakeStores()
    await docker(fakeDockerCli(), { stores }).login(HOST, 'AWS', PASSWORD)
    expect(calls).toEqual([{ name: 'desktop', host: HOST, username: 'AWS', secret: PASSWORD }])
    expect(await readUser()).toEqual({ ...userConfig, auths: { ...userAuths, [HOST]: {} } })
  })

  test('a login replaces an older entry for the same host', async () => {
    await writeUser({ auths: { [HOST]: { auth: 'b2xkOnRva2Vu' } } })
    await docker(fakeDockerCli()).login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
  })

  test('with no user config, one is created holding the entry, private to the user', async () => {
    await fs.rm(userDir, { recursive: true })
    await docker(fakeDockerCli()).login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
    await expectMode(userFile(), 0o600)
  })

  test('the user’s config file stays 0600', async () => {
    await writeUser(userConfig)
    await fs.chmod(userFile(), 0o600)
    await docker(fakeDockerCli()).login(HOST, 'AWS', PASSWORD)
    await expectMode(userFile(), 0o600)
  })

  test('ten concurrent logins finishing in random order all end up in the user’s config', async () => {
    await writeUser(userConfig)
    const hosts = Array.from({ length: 10 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    const cli = fakeDockerCli({ delay: () => Math.random() * 30 })
    const d = docker(cli)
    await Promise.all(hosts.map(h => d.login(h, 'AWS', `pw-${h}`)))
    expect(await readUser()).toEqual({
      ...userConfig,
      auths: { ...userAuths, ...Object.fromEntries(hosts.map(h => [h, {}])) }
    })
    expect(new Set(cli.calls.map(c => c.configDir)).size).toBe(hosts.length)
    expect(cli.calls.map(c => c.configAtStart)).toEqual(hosts.map(() => throwAway))
  })

  test('the throw-away config dirs are removed afterwards, after success and failure', async () => {
    const cli = fakeDockerCli({ fail: args => (args.includes(OTHER) ? 'denied' : undefined) })
    const d = docker(cli)
    await d.login(HOST, 'AWS', PASSWORD)
    await d.login(OTHER, 'AWS', PASSWORD).catch(() => undefined)
    await d.logout(HOST)
    expect(cli.calls.map(c => c.configDir).every(dir => dir?.startsWith(tempDir))).toBe(true)
    expect(await fs.readdir(tempDir)).toEqual([])
  })

  test('a failed login names the host, quotes docker’s stderr without the password, and leaves the config alone', async () => {
    await writeUser(userConfig)
    const stderr = `Error response from daemon: login attempt with ${PASSWORD} (auth ${AUTH}) failed: unauthorized\n`
    const error = await rejection(docker(fakeDockerCli({ fail: () => stderr })).login(HOST, 'AWS', PASSWORD))
    expect(error.message).toBe(
      `Could not login to registry ${HOST}: Error response from daemon: login attempt with *** (auth ***) failed: unauthorized`
    )
    expect(await readUser()).toEqual(userConfig)
  })

  test('a malformed user config fails the login before docker runs', async () => {
    await fs.writeFile(userFile(), '{ nope')
    const cli = fakeDockerCli()
    const error = await rejection(docker(cli).login(HOST, 'AWS', PASSWORD))
    expect(error.message).toContain(userFile())
    expect(cli.calls).toEqual([])
  })
})

describe('credential stores', () => {
  /** A PATH holding `docker-credential-<name>` (and `pass`, when asked) for docker's store detection. */
  async function pathWith(...programs: string[]): Promise<string> {
    const bin = join(root, 'bin')
    await fs.mkdir(bin, { recursive: true })
    for (const program of programs) await fs.writeFile(join(bin, program), '#!/bin/sh\n', { mode: 0o755 })
    return bin
  }
  function storeDocker(options: CliDockerOptions & { path: string }) {
    const kept = new Map<string, KeptLogin>()
    const warnings: string[] = []
    const cli = fakeDockerCli()
    const client = cliDocker({
      env: { DOCKER_CONFIG: userDir, PATH: options.path },
      tempDir,
      run: cli.run,
      platform: 'linux',
      warn: message => warnings.push(message),
      onKept: (host, where) => kept.set(host, where),
      ...options
    })
    return {
      cli,
      client,
      kept,
      warnings,
      postClient: () => cliDocker({ env: { DOCKER_CONFIG: userDir }, tempDir, run: cli.run, kept })
    }
  }
  const seed = { auths: {}, psFormat: 'table {{.ID}}' }

  test('the store docker detects (no credsStore, credHelpers or auths) gets the token, and post leaves the config as it was', async () => {
    await writeUser(seed)
    const { calls, stores } = fakeStores()
    const { client, kept, postClient, cli } = storeDocker({
      path: await pathWith('docker-credential-secretservice'),
      stores
    })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(calls).toEqual([{ name: 'secretservice', host: HOST, username: 'AWS', secret: PASSWORD }])
    // docker would not detect the store any more once auths has an entry: credHelpers names it.
    expect(await readUser()).toEqual({
      ...seed,
      auths: { [HOST]: {} },
      credHelpers: { [HOST]: 'secretservice' }
    })
    expect(kept.get(HOST)).toEqual({ store: 'secretservice', override: true })
    await postClient().logout(HOST)
    expect(cli.calls.at(-1)!.configAtStart).toEqual({
      ...seed,
      credHelpers: { [HOST]: 'secretservice' },
      auths: { [HOST]: {} }
    })
    expect(await readUser()).toEqual(seed)
  })

  test('pass is detected on Linux when the pass program is on PATH', async () => {
    await writeUser(seed)
    const { calls, stores } = fakeStores()
    const { client } = storeDocker({
      path: await pathWith('pass', 'docker-credential-pass', 'docker-credential-secretservice'),
      stores
    })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(calls.map(c => c.name)).toEqual(['pass'])
  })

  test('no store is detected when the config has an auths entry, as docker does', async () => {
    const config = { auths: { 'ghcr.io': { auth: 'Z2g6dG9rZW4=' } } }
    await writeUser(config)
    const { calls, stores } = fakeStores()
    const { client, kept } = storeDocker({ path: await pathWith('docker-credential-secretservice'), stores })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(calls).toEqual([])
    expect(await readUser()).toEqual({ auths: { ...config.auths, [HOST]: { auth: AUTH } } })
    expect(kept.get(HOST)).toEqual({ store: '' })
  })

  test('auto: a store that refuses gets nothing; the token goes to the file for that host, with a warning naming the store, why and the input', async () => {
    await writeUser(seed)
    const { stores } = fakeStores('it answered: User interaction is not allowed.')
    const { client, kept, warnings, postClient } = storeDocker({
      path: await pathWith('docker-credential-secretservice'),
      stores
    })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({
      ...seed,
      auths: { [HOST]: { auth: AUTH } },
      credHelpers: { [HOST]: '' }
    })
    expect(kept.get(HOST)).toEqual({ store: '', override: true })
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain(`'secretservice'`)
    expect(warnings[0]).toContain('User interaction is not allowed.')
    expect(warnings[0]).toContain('credential-store: file')
    expect(warnings[0]).not.toContain(PASSWORD)
    await postClient().logout(HOST)
    expect(await readUser()).toEqual(seed)
  })

  test('store: a store that refuses is an error of kind store naming it and why; nothing is written', async () => {
    await writeUser(userConfig)
    const { stores } = fakeStores('it did not answer within 5 s')
    const { client, kept } = storeDocker({ path: '/usr/bin', stores, credentialStore: 'store' })
    const error = (await rejection(client.login(HOST, 'AWS', PASSWORD))) as ClientError
    expect(error.kind).toBe('store')
    expect(error.message).toBe(
      `Could not login to registry ${HOST}: the credential store 'desktop' (credsStore in config.json) could not take the ECR token: it did not answer within 5 s`
    )
    expect(error.hint).toContain('credential-store: file')
    expect(error.hint).toContain('credential-helper: true')
    expect(await readUser()).toEqual(userConfig)
    expect(kept.size).toBe(0)
  })

  test('file: the store is never called for the ECR host; credHelpers sends docker to the file for it alone', async () => {
    await writeUser(userConfig)
    const { calls, stores } = fakeStores()
    const { client, postClient } = storeDocker({ path: '/usr/bin', stores, credentialStore: 'file' })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(calls).toEqual([])
    expect(await readUser()).toEqual({
      ...userConfig,
      auths: { ...userAuths, [HOST]: { auth: AUTH } },
      credHelpers: { ...userConfig.credHelpers, [HOST]: '' }
    })
    await postClient().logout(HOST)
    expect(await readUser()).toEqual(userConfig)
  })

  test('file over the user’s own credHelpers entry for the host: post puts their entry back', async () => {
    const config = { auths: {}, credHelpers: { [HOST]: 'ecr-login', 'gcr.io': 'gcloud' } }
    await writeUser(config)
    const { calls, stores } = fakeStores()
    const { client, kept, postClient } = storeDocker({ path: '/usr/bin', stores, credentialStore: 'file' })
    await client.login(HOST, 'AWS', PASSWORD)
    expect(calls).toEqual([])
    expect(await readUser()).toEqual({
      auths: { [HOST]: { auth: AUTH } },
      credHelpers: { [HOST]: '', 'gcr.io': 'gcloud' }
    })
    expect(kept.get(HOST)).toEqual({ store: '', override: true, replaced: 'ecr-login' })
    await postClient().logout(HOST)
    expect(await readUser()).toEqual(config)
  })

  test('a token too large for wincred on Windows goes to the file at once, the store never asked', async () => {
    await writeUser({ auths: {}, credsStore: 'wincred' })
    const { calls, stores } = fakeStores()
    const long = 'x'.repeat(2561)
    const { client, warnings } = storeDocker({ path: '/usr/bin', stores, platform: 'win32' })
    await client.login(HOST, 'AWS', long)
    expect(calls).toEqual([])
    expect(warnings[0]).toContain('2561 bytes')
    expect(await readUser()).toEqual({
      auths: { [HOST]: { auth: token(long) } },
      credsStore: 'wincred',
      credHelpers: { [HOST]: '' }
    })
  })

  test('post removes an override only while it is still the one main wrote', async () => {
    await writeUser(seed)
    const { stores } = fakeStores()
    const { client, postClient } = storeDocker({
      path: await pathWith('docker-credential-secretservice'),
      stores
    })
    await client.login(HOST, 'AWS', PASSWORD)
    const changed = { ...(await readUser()), credHelpers: { [HOST]: 'ecr-login' } }
    await writeUser(changed)
    await postClient().logout(HOST)
    expect(await readUser()).toEqual({ ...seed, credHelpers: { [HOST]: 'ecr-login' } })
  })
})

describe('logout', () => {
  test('runs `logout -- <host>` and removes only the entry a login writes; the user’s own host/team-a and https://host/v2/ survive', async () => {
    const own = {
      [`${HOST}/team-a`]: { auth: 'dGVhbTphLXRva2Vu' },
      [`https://${HOST}/v2/`]: { auth: 'djI6dG9rZW4=' }
    }
    const config = { ...userConfig, auths: { ...userAuths, ...own, [HOST]: {}, [OTHER]: { auth: AUTH } } }
    await writeUser(config)
    const cli = fakeDockerCli()
    await docker(cli).logout(HOST)
    expect(cli.calls.map(c => c.args)).toEqual([['logout', '--', HOST]])
    // docker erases the host from the store it is in (here credsStore, through credHelpers) and
    // http(s)://host from the copy's file only: the copy has no credsStore that could block.
    expect(cli.calls[0].configAtStart).toEqual({
      ...plainSettings,
      credHelpers: { [HOST]: 'desktop' },
      auths: { [HOST]: {} }
    })
    expect(await readUser()).toEqual({
      ...userConfig,
      auths: { ...userAuths, ...own, [OTHER]: { auth: AUTH } }
    })
  })

  // Bug: exec wrote an empty stdin to `docker logout`, which reads none; a docker that had already
  // exited made that write fail with EPIPE, an unhandled error that ended the post step.
  test('a docker that exits without reading stdin never fails a logout with EPIPE', async () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    await writeUser({ auths: Object.fromEntries(hosts.map(h => [h, { auth: AUTH }])) })
    const client = cliDocker({
      env: { DOCKER_CONFIG: userDir, PATH: ['/usr/bin', '/bin'].join(delimiter) },
      tempDir,
      program: await trueProgram(root)
    })
    for (let round = 0; round < 3; round++) await Promise.all(hosts.map(h => client.logout(h)))
    expect(await readUser()).toEqual({ auths: {} })
  }, 30_000)

  test('a failed logout names the host and keeps the entry', async () => {
    await writeUser({ auths: { [HOST]: { auth: AUTH } } })
    const error = await rejection(
      docker(fakeDockerCli({ fail: () => 'Cannot connect to the Docker daemon\n' })).logout(HOST)
    )
    expect(error.message).toBe(`Could not logout of registry ${HOST}: Cannot connect to the Docker daemon`)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
  })
})

// Bug: with DOCKER_TLS_VERIFY=1 docker looks for ca.pem, cert.pem and key.pem in DOCKER_CERT_PATH,
// by default the config dir; the throw-away config dir has none, so login failed where plain
// docker works. This docker fails the same way when it cannot find them.
describe('TLS client certificates (DOCKER_TLS_VERIFY)', () => {
  function tlsDocker(cli: FakeCli): CommandRunner {
    return async (program, args, options) => {
      const certDir = options.env?.DOCKER_CERT_PATH || options.env!.DOCKER_CONFIG!
      for (const name of ['ca.pem', 'cert.pem', 'key.pem']) {
        const path = join(certDir, name)
        if (!(await fs.stat(path).catch(() => undefined))) {
          return {
            code: 1,
            stdout: '',
            stderr: `could not read CA certificate "${path}": no such file or directory`
          }
        }
      }
      return cli.run(program, args, options)
    }
  }
  const writeCerts = (dir: string) =>
    Promise.all(['ca.pem', 'cert.pem', 'key.pem'].map(name => fs.writeFile(join(dir, name), `${name}\n`)))

  test('certificates in the user’s config dir (docker’s default) serve login and logout', async () => {
    await writeCerts(userDir)
    const cli = fakeDockerCli()
    const d = cliDocker({
      env: { DOCKER_CONFIG: userDir, DOCKER_TLS_VERIFY: '1' },
      tempDir,
      run: tlsDocker(cli)
    })
    await d.login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
    await d.logout(HOST)
    expect(await readUser()).toEqual({ auths: {} })
  })

  test('certificates in ~/.docker serve login when DOCKER_CONFIG is unset', async () => {
    const home = join(root, 'home')
    await writeCerts(userDir)
    const cli = fakeDockerCli()
    const d = cliDocker({
      env: { HOME: home, USERPROFILE: home, DOCKER_TLS_VERIFY: '1' },
      tempDir,
      run: tlsDocker(cli)
    })
    await d.login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
  })

  test('a DOCKER_CERT_PATH of the user’s own is kept', async () => {
    const certs = join(root, 'certs')
    await fs.mkdir(certs)
    await writeCerts(certs)
    const cli = fakeDockerCli()
    const env = { DOCKER_CONFIG: userDir, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certs }
    await cliDocker({ env, tempDir, run: tlsDocker(cli) }).login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
  })
})

// Bug: with a read-only HOME the daemon login succeeded, then saving it failed with
// `ENOENT … mkdir '…/.docker'`, naming neither the cause nor the fix.
describe('a Docker config dir that cannot be written', () => {
  test('fails before docker runs, naming the directory and DOCKER_CONFIG as the fix', async () => {
    const home = join(root, 'not-a-dir')
    await fs.writeFile(home, '')
    const cli = fakeDockerCli()
    const error = await rejection(
      cliDocker({ env: { HOME: home, USERPROFILE: home }, tempDir, run: cli.run }).login(
        HOST,
        'AWS',
        PASSWORD
      )
    )
    expect(error.message).toBe(
      `The Docker config directory ${join(home, '.docker')} cannot be created or written (ENOTDIR), so no login can be saved.`
    )
    expect(error.hint).toContain('DOCKER_CONFIG: ${{ runner.temp }}/docker-config')
    expect(cli.calls).toEqual([])
    expect(await fs.readdir(tempDir)).toEqual([])
  })
})

describe('loginError', () => {
  const DAEMON = /The Docker daemon is not reachable/
  const REJECTED = /The registry rejected the ECR token/
  const UNREACHABLE = /The Docker daemon could not reach the registry/

  test.each<[string, string, RegExp | undefined]>([
    [
      'daemon down',
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      DAEMON
    ],
    [
      'daemon down on Windows',
      'error during connect: this error may indicate that the docker daemon is not running',
      DAEMON
    ],
    [
      'unauthorized',
      `Error response from daemon: Get "https://${HOST}/v2/": unauthorized: authentication required`,
      REJECTED
    ],
    ['denied', 'Error response from daemon: denied: Your authorization token has expired.', REJECTED],
    [
      'no such host',
      `Error response from daemon: Get "https://${HOST}/v2/": dial tcp: lookup ${HOST} on 127.0.0.53:53: no such host`,
      UNREACHABLE
    ],
    [
      'a timeout',
      `Error response from daemon: Get "https://${HOST}/v2/": net/http: TLS handshake timeout`,
      UNREACHABLE
    ],
    ['something else', 'Error: exit status 2', undefined]
  ])('%s: the message quotes docker; the hint says what to check', (_why, stderr, hint) => {
    const error = loginError(HOST, `${stderr}\n`, [PASSWORD])
    expect(error.message).toBe(`Could not login to registry ${HOST}: ${stderr}`)
    if (hint) expect(error.hint).toMatch(hint)
    else expect(error.hint).toBeUndefined()
  })

  // Bug: the "unauthorized" test looks for a bare 401/403 anywhere in the output, so an account ID
  // containing 401 or 403 turns a DNS failure into "the registry rejected the ECR token".
  test('an account ID containing 401 does not make a DNS failure look like a rejected token', () => {
    const host = '123401234567.dkr.ecr.us-east-1.amazonaws.com'
    const error = loginError(
      host,
      `Error response from daemon: Get "https://${host}/v2/": dial tcp: lookup ${host} on 127.0.0.53:53: no such host`,
      [PASSWORD]
    )
    expect(error.hint).toMatch(UNREACHABLE)
  })

  test('docker’s output is redacted before the hint is chosen', () => {
    const error = loginError(HOST, `no luck with ${PASSWORD}`, [PASSWORD])
    expect(error.message).toBe(`Could not login to registry ${HOST}: no luck with ***`)
  })
})

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { containersClient, containersLoginError } from '../../src/clients/containers.js'
import { cliDocker } from '../../src/clients/docker.js'
import { authFilePath, updateAuthFile } from '../../src/config/containers-auth.js'
import { UserError } from '../../src/errors.js'
import { fakeContainersCli, fakeDockerCli, token, type FakeContainersCli } from '../support/fakes.js'
import { expectMode, trueProgram } from '../support/platform.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const OTHER = '210987654321.dkr.ecr.eu-west-1.amazonaws.com'
const PASSWORD = 'eyJwYXlsb2FkIjoi:secret-part:end'
const AUTH = token(PASSWORD)

let root: string
let userFile: string
let tempDir: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'ecr-login-containers-test-'))
  userFile = join(root, 'run', 'containers', 'auth.json')
  tempDir = join(root, 'runner-temp')
  await fs.mkdir(dirname(userFile), { recursive: true })
  await fs.mkdir(tempDir)
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const readUser = async () => JSON.parse(await fs.readFile(userFile, 'utf8'))
const writeUser = (content: unknown) =>
  fs.writeFile(userFile, JSON.stringify(content, null, '\t'), { mode: 0o600 })

function client(cli: FakeContainersCli, name: 'podman' | 'buildah' | 'skopeo' = 'podman') {
  return containersClient(name, { env: { REGISTRY_AUTH_FILE: userFile }, tempDir, run: cli.run })
}

async function rejection(promise: Promise<unknown>): Promise<UserError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e
  )
  expect(error).toBeInstanceOf(UserError)
  return error as UserError
}

const userContent = {
  auths: {
    'quay.io': { auth: 'cTp0b2tlbg==' },
    [`${HOST}/team/image`]: { auth: 'c2NvcGVkOnRva2Vu' }
  },
  credHelpers: { 'gcr.io': 'gcloud' }
}
const { auths: userAuths, ...userSettings } = userContent

describe('auth file location, as containers/image finds it', () => {
  test.each<[string, NodeJS.ProcessEnv, NodeJS.Platform, string]>([
    [
      'REGISTRY_AUTH_FILE first',
      { REGISTRY_AUTH_FILE: '/x/auth.json', XDG_RUNTIME_DIR: '/run/user/1001' },
      'linux',
      '/x/auth.json'
    ],
    [
      'then Docker’s config.json when DOCKER_CONFIG is set',
      { DOCKER_CONFIG: '/home/u/.docker', XDG_RUNTIME_DIR: '/run/user/1001' },
      'linux',
      '/home/u/.docker/config.json'
    ],
    [
      'then XDG_RUNTIME_DIR',
      { XDG_RUNTIME_DIR: '/run/user/1001', HOME: '/home/u' },
      'linux',
      '/run/user/1001/containers/auth.json'
    ],
    ['then /run/containers/<uid>', { HOME: '/home/u' }, 'linux', '/run/containers/1001/auth.json'],
    [
      'on macOS, ~/.config',
      { HOME: '/Users/u', XDG_RUNTIME_DIR: '/tmp/x' },
      'darwin',
      '/Users/u/.config/containers/auth.json'
    ],
    [
      'on Windows, %USERPROFILE%\\.config, whatever HOME says',
      { USERPROFILE: 'C:\\Users\\u', HOME: '/c/Users/u' },
      'win32',
      'C:\\Users\\u\\.config\\containers\\auth.json'
    ]
  ])('%s', (_why, env, platform, file) => {
    expect(authFilePath(env, platform, 1001)).toBe(file)
  })
})

describe('login', () => {
  test.each(['podman', 'buildah', 'skopeo'] as const)(
    '%s runs `login --username AWS --password-stdin -- <host>` (`--`: no host is read as an option), the password only on stdin',
    async name => {
      const cli = fakeContainersCli()
      await client(cli, name).login(HOST, 'AWS', PASSWORD)
      expect(cli.calls.map(c => [c.tool, ...c.args])).toEqual([
        [name, 'login', '--username', 'AWS', '--password-stdin', '--', HOST]
      ])
      expect(cli.calls[0].input).toBe(PASSWORD)
    }
  )

  test('the tool sees a throw-away REGISTRY_AUTH_FILE with the user’s settings and no auths', async () => {
    await writeUser(userContent)
    const cli = fakeContainersCli()
    await client(cli).login(HOST, 'AWS', PASSWORD)
    expect(cli.calls[0].authFile).not.toBe(userFile)
    expect(dirname(dirname(cli.calls[0].authFile!))).toBe(tempDir)
    expect(cli.calls[0].fileAtStart).toEqual({ ...userSettings, auths: {} })
  })

  test('the new entry is merged into the user’s file; every other entry and key is kept; the file stays 0600', async () => {
    await writeUser(userContent)
    await client(fakeContainersCli()).login(HOST, 'AWS', PASSWORD)
    expect(await readUser()).toEqual({ ...userContent, auths: { ...userAuths, [HOST]: { auth: AUTH } } })
    await expectMode(userFile, 0o600)
  })

  test('with no user file, one is created in a new private directory, as the tools do', async () => {
    const file = join(root, 'xdg', 'containers', 'auth.json')
    await fs.mkdir(join(root, 'xdg'))
    const c = containersClient('skopeo', {
      env: { XDG_RUNTIME_DIR: join(root, 'xdg') },
      tempDir,
      run: fakeContainersCli().run
    })
    await c.login(HOST, 'AWS', PASSWORD)
    expect(JSON.parse(await fs.readFile(file, 'utf8'))).toEqual({ auths: { [HOST]: { auth: AUTH } } })
    await expectMode(file, 0o600)
    await expectMode(dirname(file), 0o700)
  })

  test('an XDG_RUNTIME_DIR that does not exist is refused, as the tools refuse it, and not created', async () => {
    const missing = join(root, 'no-such-dir')
    const cli = fakeContainersCli()
    const c = containersClient('podman', { env: { XDG_RUNTIME_DIR: missing }, tempDir, run: cli.run })
    const error = await rejection(c.login(HOST, 'AWS', PASSWORD))
    expect(error.message).toBe(
      `XDG_RUNTIME_DIR is ${missing}, which does not exist, so podman has no auth file to log into.`
    )
    expect(error.hint).toMatch(/REGISTRY_AUTH_FILE/)
    expect(cli.calls).toEqual([])
    await expect(fs.stat(missing)).rejects.toThrow()
  })

  test('ten concurrent logins by two tools, finishing in random order, all land in the user’s file', async () => {
    await writeUser(userContent)
    const hosts = Array.from({ length: 10 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    const cli = fakeContainersCli({ delay: () => Math.random() * 30 })
    const clients = [client(cli, 'podman'), client(cli, 'skopeo')]
    await Promise.all(hosts.map((h, i) => clients[i % 2].login(h, 'AWS', `pw-${h}`)))
    expect(await readUser()).toEqual({
      ...userContent,
      auths: { ...userAuths, ...Object.fromEntries(hosts.map(h => [h, { auth: token(`pw-${h}`) }])) }
    })
    expect(new Set(cli.calls.map(c => c.authFile)).size).toBe(hosts.length)
    expect(await fs.readdir(tempDir)).toEqual([])
  })

  test('a failed login names the host and the tool, quotes its stderr without the password, and changes nothing', async () => {
    await writeUser(userContent)
    const stderr = `Error: logging in with ${PASSWORD}: authenticating creds for "${HOST}": Requesting bearer token: invalid status code from registry 401 (Unauthorized)\n`
    const cli = fakeContainersCli({ fail: () => stderr })
    const error = await rejection(client(cli, 'buildah').login(HOST, 'AWS', PASSWORD))
    expect(error.message).toBe(
      `Could not login to registry ${HOST} with buildah: Error: logging in with ***: authenticating creds for "${HOST}": Requesting bearer token: invalid status code from registry 401 (Unauthorized)`
    )
    expect(error.hint).toMatch(/rejected the ECR token/)
    expect(await readUser()).toEqual(userContent)
    expect(await fs.readdir(tempDir)).toEqual([])
  })

  test('a malformed user file fails the login before the tool runs', async () => {
    await fs.writeFile(userFile, '{ nope')
    const cli = fakeContainersCli()
    const error = await rejection(client(cli).login(HOST, 'AWS', PASSWORD))
    expect(error.message).toBe(
      `The registry auth file ${userFile} is not a JSON object, so it was left untouched.`
    )
    expect(cli.calls).toEqual([])
  })
})

describe('with DOCKER_CONFIG set, the tools’ file is Docker’s config.json', () => {
  const dockerSettings = {
    credsStore: '',
    proxies: { default: { noProxy: '.internal' } },
    detachKeys: 'ctrl-e,e'
  }

  test('the login lands in config.json and every Docker setting is kept (the tools would drop them)', async () => {
    const dir = join(root, 'docker')
    await fs.mkdir(dir)
    await fs.writeFile(
      join(dir, 'config.json'),
      JSON.stringify({ ...dockerSettings, auths: { 'ghcr.io': { auth: 'Z2g=' } } })
    )
    const cli = fakeContainersCli()
    await containersClient('podman', {
      env: { DOCKER_CONFIG: dir, XDG_RUNTIME_DIR: join(root, 'no-xdg') },
      tempDir,
      run: cli.run
    }).login(HOST, 'AWS', PASSWORD)
    expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
      ...dockerSettings,
      auths: { 'ghcr.io': { auth: 'Z2g=' }, [HOST]: { auth: AUTH } }
    })
  })

  test('docker and podman logging in at once into one config.json lose nothing: they share one lock', async () => {
    const dir = join(root, 'docker')
    await fs.mkdir(dir)
    await fs.writeFile(join(dir, 'config.json'), JSON.stringify(dockerSettings))
    const env = { DOCKER_CONFIG: dir, XDG_RUNTIME_DIR: join(root, 'no-xdg') }
    const delay = () => Math.random() * 20
    const podman = containersClient('podman', { env, tempDir, run: fakeContainersCli({ delay }).run })
    const docker = cliDocker({ env, tempDir, run: fakeDockerCli({ delay }).run })
    const hosts = Array.from({ length: 10 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    await Promise.all(hosts.map((h, i) => (i % 2 ? podman : docker).login(h, 'AWS', PASSWORD)))
    expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
      ...dockerSettings,
      auths: Object.fromEntries(hosts.map(h => [h, { auth: AUTH }]))
    })
  })
})

describe('logout', () => {
  test('runs `logout -- <host>` on a copy holding that host’s entry and removes only it', async () => {
    await writeUser({
      ...userContent,
      auths: { ...userAuths, [HOST]: { auth: AUTH }, [OTHER]: { auth: AUTH } }
    })
    const cli = fakeContainersCli()
    await client(cli, 'skopeo').logout(HOST)
    expect(cli.calls.map(c => [c.tool, ...c.args])).toEqual([['skopeo', 'logout', '--', HOST]])
    expect(cli.calls[0].fileAtStart).toEqual({ ...userSettings, auths: { [HOST]: { auth: AUTH } } })
    // The user's own entry scoped to a repository of the same registry stays.
    expect(await readUser()).toEqual({ ...userContent, auths: { ...userAuths, [OTHER]: { auth: AUTH } } })
  })

  test('with no entry for the host left, no tool runs (it would ask the registry) and nothing changes', async () => {
    await writeUser(userContent)
    const cli = fakeContainersCli()
    await client(cli).logout(HOST)
    expect(cli.calls).toEqual([])
    expect(await readUser()).toEqual(userContent)
  })

  test('a host served by a credHelpers entry is logged out by the tool, which erases it from the helper', async () => {
    await writeUser({ credHelpers: { [HOST]: 'ecr-login' } })
    const cli = fakeContainersCli({ fail: () => `Error: not logged into ${HOST}\n` })
    await client(cli).logout(HOST)
    expect(cli.calls.map(c => c.args)).toEqual([['logout', '--', HOST]])
  })

  // Bug: exec wrote an empty stdin to `logout`, which reads none; a tool that had already exited
  // made that write fail with EPIPE, an unhandled error that ended the post step.
  test('a tool that exits without reading stdin never fails a logout with EPIPE', async () => {
    const hosts = Array.from({ length: 20 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    await writeUser({ auths: Object.fromEntries(hosts.map(h => [h, { auth: AUTH }])) })
    const podman = containersClient('podman', {
      env: { REGISTRY_AUTH_FILE: userFile },
      tempDir,
      program: await trueProgram(root)
    })
    for (let round = 0; round < 3; round++) await Promise.all(hosts.map(h => podman.logout(h)))
  }, 30_000)

  test('a failed logout names the host and the tool and keeps the entry', async () => {
    await writeUser({ auths: { [HOST]: { auth: AUTH } } })
    const cli = fakeContainersCli({ fail: () => 'Error: open /x: permission denied\n' })
    const error = await rejection(client(cli, 'podman').logout(HOST))
    expect(error.message).toBe(
      `Could not logout of registry ${HOST} with podman: Error: open /x: permission denied`
    )
    expect(await readUser()).toEqual({ auths: { [HOST]: { auth: AUTH } } })
  })
})

test('a tool gone from PATH since main is named in a clear error', async () => {
  await writeUser({ auths: { [HOST]: { auth: AUTH } } })
  const run = async () => {
    throw new Error(
      'Unable to locate executable file: skopeo. Please verify either the file path exists or ...'
    )
  }
  const c = containersClient('skopeo', {
    env: { REGISTRY_AUTH_FILE: userFile, PATH: '/usr/bin' },
    tempDir,
    run
  })
  const error = await rejection(c.logout(HOST))
  expect(error.message).toBe('skopeo was not found on PATH (/usr/bin), so it could not run logout.')
})

describe('the lock on the auth file', () => {
  test('a lock left by a killed process is taken over once stale, within seconds', async () => {
    await writeUser(userContent)
    const lock = `${userFile}.ecr-login.lock`
    await fs.mkdir(lock)
    const old = new Date(Date.now() - 60_000)
    await fs.utimes(lock, old, old)
    const started = Date.now()
    await updateAuthFile(userFile, content => {
      content.auths = { ...content.auths, [HOST]: { auth: AUTH } }
    })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect((await readUser()).auths[HOST]).toEqual({ auth: AUTH })
    await expect(fs.stat(lock)).rejects.toThrow()
  })
})

describe('containersLoginError', () => {
  test.each<[string, string, RegExp | undefined]>([
    [
      'denied',
      'Error: authenticating creds for "h": denied: Your authorization token has expired.',
      /rejected the ECR token/
    ],
    [
      'no such host',
      'Error: pinging container registry h: Get "https://h/v2/": dial tcp: lookup h: no such host',
      /skopeo could not reach the registry: .*HTTPS_PROXY/
    ],
    [
      'untrusted certificate',
      'Error: pinging container registry h: x509: certificate signed by unknown authority',
      /does not trust the registry's certificate/
    ],
    ['something else', 'Error: exit status 2', undefined]
  ])('%s: the message quotes the tool; the hint says what to check', (_why, stderr, hint) => {
    const error = containersLoginError('skopeo', HOST, `${stderr}\n`, [PASSWORD])
    expect(error.message).toBe(`Could not login to registry ${HOST} with skopeo: ${stderr}`)
    if (hint) expect(error.hint).toMatch(hint)
    else expect(error.hint).toBeUndefined()
  })
})

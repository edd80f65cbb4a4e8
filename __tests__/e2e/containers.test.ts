// podman, buildah and skopeo (Debian's), logged in by the bundled action on a runner without
// docker, then pushing to the world's registry for real. The registry hosts serve plain HTTP
// inside the world, so the user's registries.conf marks them insecure, as a user would for a
// registry without TLS; the action passes no TLS flag of its own.
import { execFile } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { docker, importImage, runJob, runStep, undoState } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { ACCOUNTS, findExecutable, registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')
const FOUR = ACCOUNTS.filter(a => a.startsWith('1000000000')).slice(0, 4)
const AUTH = Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64')
const THEIRS = { 'quay.io': { auth: Buffer.from('me:quay-token').toString('base64') } }

for (const tool of ['skopeo', 'podman', 'buildah']) {
  if (!findExecutable(tool)) {
    throw new Error(`${tool} is not installed: apt-get install -y skopeo podman buildah (.ci/run does)`)
  }
}

interface Paths {
  /** PATH for the action: only the named tools, no docker. */
  bin: string
  home: string
  /** The user's auth file: $XDG_RUNTIME_DIR/containers/auth.json. */
  authFile: string
  /** Image to push, as a docker-archive tarball. */
  image: string
}
let paths: Paths

beforeEach(async () => {
  const home = join(ctx.dir, 'home')
  const xdg = join(ctx.dir, 'xdg')
  paths = {
    bin: join(ctx.dir, 'bin'),
    home,
    authFile: join(xdg, 'containers', 'auth.json'),
    image: join(ctx.dir, 'image.tar')
  }
  await fs.mkdir(join(home, '.config', 'containers'), { recursive: true })
  await fs.mkdir(join(xdg, 'containers'), { recursive: true, mode: 0o700 })
  await fs.mkdir(paths.bin)
  const hosts = [HOST, ...FOUR.map(a => registryHost(a, 'us-east-1'))]
  await fs.writeFile(
    join(home, '.config', 'containers', 'registries.conf'),
    hosts.map(h => `[[registry]]\nlocation = "${h}"\ninsecure = true\n`).join('\n')
  )
  // podman and buildah keep images and scratch files of their own per test, not the machine's.
  await fs.writeFile(
    join(ctx.dir, 'storage.conf'),
    `[storage]\ndriver = "vfs"\nrunroot = "${join(ctx.dir, 'storage', 'run')}"\ngraphroot = "${join(ctx.dir, 'storage', 'graph')}"\n`
  )
  await fs.writeFile(
    join(ctx.dir, 'containers.conf'),
    `[engine]\ntmp_dir = "${join(ctx.dir, 'podman-tmp')}"\nevents_logger = "none"\n`
  )
})

/** Puts only `tools` on the action's PATH. */
async function onPath(...tools: string[]): Promise<void> {
  for (const tool of tools) await fs.symlink(findExecutable(tool)!, join(paths.bin, tool))
}

/** What a workflow step would have: the user's HOME, runtime dir and containers settings. */
function userEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    HOME: paths.home,
    XDG_RUNTIME_DIR: join(ctx.dir, 'xdg'),
    CONTAINERS_STORAGE_CONF: join(ctx.dir, 'storage.conf'),
    CONTAINERS_CONF: join(ctx.dir, 'containers.conf'),
    DOCKER_CONFIG: undefined,
    REGISTRY_AUTH_FILE: undefined,
    ...extra
  }
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
}

/** The action's environment: no docker on PATH, and no DOCKER_CONFIG unless `extra` sets one. */
function env(extra: Record<string, string | undefined> = {}) {
  const user = userEnv()
  return actionEnv(ctx, {
    PATH: paths.bin,
    DOCKER_CONFIG: undefined,
    HOME: user.HOME,
    XDG_RUNTIME_DIR: user.XDG_RUNTIME_DIR,
    CONTAINERS_STORAGE_CONF: user.CONTAINERS_STORAGE_CONF,
    CONTAINERS_CONF: user.CONTAINERS_CONF,
    ...extra
  })
}

function run(
  tool: string,
  args: string[],
  extra: Record<string, string | undefined> = {}
): Promise<{ code: number; out: string }> {
  return new Promise(resolve => {
    execFile(tool, args, { env: userEnv(extra), timeout: 90_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, out: `${stdout}${stderr}` })
    })
  })
}

/** A fresh image as a docker-archive tarball, made with the world's dockerd. */
async function makeImage(): Promise<string> {
  const tag = `e2e/containers:${Date.now()}`
  await importImage(tag)
  const saved = await docker(['save', '-o', paths.image, tag])
  if (saved.code !== 0) throw new Error(`docker save: ${saved.stderr}`)
  return paths.image
}

const readAuth = async (file = paths.authFile) => JSON.parse(await fs.readFile(file, 'utf8'))
const copy = (host: string, extra: Record<string, string | undefined> = {}) =>
  run('skopeo', ['copy', `docker-archive:${paths.image}`, `docker://${host}/e2e/skopeo:${Date.now()}`], extra)

test('with no docker on PATH, auto logs in with skopeo; skopeo copy pushes; after post it is refused', async () => {
  await onPath('skopeo')
  await fs.writeFile(paths.authFile, JSON.stringify({ auths: THEIRS }, null, '\t'), { mode: 0o600 })
  await makeImage()
  const before = await copy(HOST)
  expect(before.code).not.toBe(0)

  const { main, post } = await runJob({
    inputs: { registries: '111111111111' },
    env: env(),
    between: async () => {
      expect(await readAuth()).toEqual({ auths: { ...THEIRS, [HOST]: { auth: AUTH } } })
      const pushed = await copy(HOST)
      expect(pushed.out).toMatch(/Writing manifest/)
      expect(pushed.code).toBe(0)
    }
  })
  expect(main.code).toBe(0)
  expect(main.stdout).toMatch(
    new RegExp(`^${HOST.replace(/\./g, '\\.')} \\(us-east-1\\): logged in with skopeo`, 'm')
  )
  expect(main.summary).toContain('<td>skopeo</td>')
  expect(main.state.logins).toBe(JSON.stringify({ skopeo: [HOST] }))
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`${HOST}: logged out with skopeo`)
  expect(await readAuth()).toEqual({ auths: THEIRS })
  const after = await copy(HOST)
  expect(after.code).not.toBe(0)
  expect(after.out).toMatch(/unauthorized|authentication required/)
  await expect(fs.stat(join(ctx.configDir, 'config.json'))).rejects.toThrow()
})

test('container-cli: podman, buildah log in to Docker’s config.json (DOCKER_CONFIG is set), keeping its settings; pushes work; post logs both out', async () => {
  await onPath('podman', 'buildah', 'skopeo')
  // The tools write logins to $DOCKER_CONFIG/config.json when it is set, and would keep only auths.
  const settings = { proxies: { default: { noProxy: '.internal' } }, detachKeys: 'ctrl-e,e', auths: THEIRS }
  await fs.mkdir(ctx.configDir)
  await fs.writeFile(join(ctx.configDir, 'config.json'), JSON.stringify(settings, null, '\t'), {
    mode: 0o600
  })
  const dockerConfig = { DOCKER_CONFIG: ctx.configDir }
  await makeImage()
  const loaded = await run('podman', ['load', '-i', paths.image], dockerConfig)
  expect(loaded.code).toBe(0)
  const local = /Loaded image: (\S+)/.exec(loaded.out)![1]

  const { main, post } = await runJob({
    inputs: { registries: HOST, 'container-cli': 'podman, buildah' },
    env: env(dockerConfig),
    between: async () => {
      expect(await readAuth(join(ctx.configDir, 'config.json'))).toEqual({
        ...settings,
        auths: { ...THEIRS, [HOST]: { auth: AUTH } }
      })
      const byPodman = await run('podman', ['push', local, `${HOST}/e2e/podman:1`], dockerConfig)
      expect(byPodman.out).toMatch(/Writing manifest/)
      const byBuildah = await run('buildah', ['push', local, `docker://${HOST}/e2e/buildah:1`], dockerConfig)
      expect(byBuildah.out).toMatch(/Writing manifest/)
    }
  })
  expect(main.code).toBe(0)
  for (const tool of ['podman', 'buildah']) expect(main.stdout).toContain(`): logged in with ${tool} in`)
  expect(main.summary).toContain('<td>podman, buildah</td>')
  expect(post.code).toBe(0)
  expect(post.stdout).toContain(`${HOST}: logged out with podman`)
  expect(post.stdout).toContain(`${HOST}: logged out with buildah`)
  expect(await readAuth(join(ctx.configDir, 'config.json'))).toEqual(settings)
  const after = await run('podman', ['push', local, `${HOST}/e2e/podman:2`], dockerConfig)
  expect(after.code).not.toBe(0)
  expect(after.out).toMatch(/unauthorized|authentication required/)
})

test('no client on PATH fails before any API call, naming the tools, the PATH and credential-helper mode', async () => {
  const main = await runStep('main', { inputs: { registries: HOST }, env: env() })
  expect(main.code).toBe(1)
  expect(main.errors.join('\n')).toBe(
    `None of docker, podman, buildah, skopeo was found on PATH (${paths.bin}), so no registry can be logged into.\n` +
      'Install the client, or name the ones you have in container-cli. For tools that only read ' +
      'Docker’s config (Helm, oras, crane, buildx), credential-helper: true needs no client at all.'
  )
  expect(ctx.emulator.calls).toEqual([])
  expect(undoState(main.state)).toEqual({})
})

test('a client named in container-cli but missing fails before any API call, naming it', async () => {
  await onPath('skopeo')
  const main = await runStep('main', { inputs: { registries: HOST, 'container-cli': 'docker' }, env: env() })
  expect(main.code).toBe(1)
  expect(main.errors.join('\n')).toMatch(
    new RegExp(`^container-cli names docker, but docker was not found on PATH \\(${paths.bin}\\)`)
  )
  expect(ctx.emulator.calls).toEqual([])
})

test('three jobs logging skopeo into one auth file at once lose no entry, and their posts leave only the user’s', async () => {
  await onPath('skopeo')
  await fs.writeFile(paths.authFile, JSON.stringify({ auths: THEIRS }, null, '\t'), { mode: 0o600 })
  const groups = [FOUR.slice(0, 2), FOUR.slice(2, 3), FOUR.slice(3)]
  const mains = await Promise.all(
    groups.map(g => runStep('main', { inputs: { registries: g.join(',') }, env: env() }))
  )
  for (const main of mains) expect(main.code).toBe(0)
  expect(await readAuth()).toEqual({
    auths: { ...THEIRS, ...Object.fromEntries(FOUR.map(a => [registryHost(a, 'us-east-1'), { auth: AUTH }])) }
  })
  const posts = await Promise.all(mains.map(main => runStep('post', { state: main.state, env: env() })))
  for (const post of posts) expect(post.code).toBe(0)
  expect(await readAuth()).toEqual({ auths: THEIRS })
})

test('docker-config: job gives skopeo an auth file of the job’s own; the user’s is not written', async () => {
  await onPath('skopeo')
  const user = JSON.stringify({ auths: THEIRS, credHelpers: { 'gcr.io': 'gcloud' } }, null, '\t')
  await fs.writeFile(paths.authFile, user, { mode: 0o600 })
  const stat = await fs.stat(paths.authFile)
  const temp = join(ctx.dir, 'runner-temp')
  await fs.mkdir(temp)
  await makeImage()
  const { main, post } = await runJob({
    inputs: { registries: HOST, 'docker-config': 'job' },
    env: env({ RUNNER_TEMP: temp }),
    between: async main => {
      const jobFile = main.outputs['registry-auth-file']
      expect(main.env.REGISTRY_AUTH_FILE).toBe(jobFile)
      expect(await readAuth(jobFile)).toEqual({
        credHelpers: { 'gcr.io': 'gcloud' },
        auths: { [HOST]: { auth: AUTH } }
      })
      expect((await copy(HOST, { REGISTRY_AUTH_FILE: jobFile })).code).toBe(0)
      // The user's own auth file knows nothing of it.
      expect((await copy(HOST)).code).not.toBe(0)
    }
  })
  expect(main.code).toBe(0)
  expect(post.code).toBe(0)
  expect(main.outputs['registry-auth-file'].startsWith(temp)).toBe(true)
  expect(await fs.readdir(temp)).toEqual([])
  expect(await fs.readFile(paths.authFile, 'utf8')).toBe(user)
  expect((await fs.stat(paths.authFile)).mtimeMs).toBe(stat.mtimeMs)
})

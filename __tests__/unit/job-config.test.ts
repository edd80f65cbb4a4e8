import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative } from 'node:path'
import {
  createJobConfig,
  hasJobConfigLayout,
  isJobConfig,
  jobConfigEnv,
  removeJobConfig,
  useJobConfig
} from '../../src/job-config.js'
import { isJobDir, removeTree, type TreeFs } from '../../src/temp-dirs.js'
import { fakeRunner } from '../support/fakes.js'
import { expectMode } from '../support/platform.js'

let root: string
let home: string
let runnerTemp: string
let userDir: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'ecr-login-job-config-test-'))
  home = join(root, 'home')
  runnerTemp = join(root, 'temp')
  userDir = join(home, '.docker')
  await fs.mkdir(runnerTemp, { recursive: true })
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

const userConfig = {
  auths: { 'ghcr.io': { auth: 'Z2g6dG9rZW4=' } },
  credsStore: 'pass',
  credHelpers: { 'gcr.io': 'gcloud' },
  currentContext: 'remote',
  proxies: { default: { httpsProxy: 'http://proxy:3128' } }
}

/** Every path under `dir` with its type, mode, mtime and content hash: "byte for byte" made checkable. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      const stat = await fs.lstat(path)
      const what = `${stat.mode.toString(8)} ${stat.mtimeMs}`
      if (entry.isDirectory()) {
        out[relative(dir, path)] = `dir ${what}`
        await walk(path)
      } else {
        const hash = createHash('sha256')
          .update(await fs.readFile(path))
          .digest('hex')
        out[relative(dir, path)] = `file ${what} ${hash}`
      }
    }
  }
  await walk(dir)
  return out
}

async function userFiles(): Promise<void> {
  await fs.mkdir(join(userDir, 'contexts', 'meta', 'abc'), { recursive: true })
  await fs.writeFile(join(userDir, 'contexts', 'meta', 'abc', 'meta.json'), '{"Name":"remote"}')
  await fs.mkdir(join(userDir, 'buildx', 'instances'), { recursive: true })
  await fs.mkdir(join(userDir, 'cli-plugins'), { recursive: true })
  await fs.writeFile(join(userDir, 'ca.pem'), 'CA')
  await fs.writeFile(join(userDir, 'config.json'), JSON.stringify(userConfig, null, '\t'), { mode: 0o600 })
}

test('the job’s Docker config holds the user’s settings without auths, and reaches their other files through links', async () => {
  await userFiles()
  const before = await snapshot(userDir)
  const job = await createJobConfig({ HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp }, ['docker'])
  expect(dirname(job.root)).toBe(runnerTemp)
  expect(basename(job.root)).toMatch(/^ecr-login-job-/)
  expect(job).toEqual({ root: job.root, dockerConfig: join(job.root, 'docker') })
  const { auths: _auths, ...settings } = userConfig
  expect(JSON.parse(await fs.readFile(join(job.dockerConfig, 'config.json'), 'utf8'))).toEqual({
    ...settings,
    auths: {}
  })
  await expectMode(join(job.dockerConfig, 'config.json'), 0o600)
  for (const name of ['contexts', 'buildx', 'cli-plugins', 'ca.pem']) {
    expect(await fs.readlink(join(job.dockerConfig, name))).toBe(join(userDir, name))
  }
  expect(await snapshot(userDir)).toEqual(before)
})

test('with no user config dir, the job gets an empty config and none is created for the user', async () => {
  const job = await createJobConfig({ HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp }, ['docker'])
  expect(JSON.parse(await fs.readFile(join(job.dockerConfig, 'config.json'), 'utf8'))).toEqual({ auths: {} })
  await expect(fs.stat(home)).rejects.toThrow()
})

test('DOCKER_CONFIG names the user’s config dir to seed from', async () => {
  const custom = join(root, 'custom')
  await fs.mkdir(custom)
  await fs.writeFile(join(custom, 'config.json'), JSON.stringify({ detachKeys: 'ctrl-e,e' }))
  const job = await createJobConfig({ HOME: home, DOCKER_CONFIG: custom, RUNNER_TEMP: runnerTemp }, [
    'docker'
  ])
  expect(JSON.parse(await fs.readFile(join(job.dockerConfig, 'config.json'), 'utf8'))).toEqual({
    detachKeys: 'ctrl-e,e',
    auths: {}
  })
})

test('a containers client gets its own auth file too, seeded without the user’s auths', async () => {
  const userAuthFile = join(root, 'xdg', 'containers', 'auth.json')
  await fs.mkdir(dirname(userAuthFile), { recursive: true })
  const content = { auths: { 'quay.io': { auth: 'cTp0' } }, credHelpers: { 'gcr.io': 'gcloud' } }
  await fs.writeFile(userAuthFile, JSON.stringify(content))
  const before = await snapshot(join(root, 'xdg'))
  const env = { HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp, XDG_RUNTIME_DIR: join(root, 'xdg') }
  const job = await createJobConfig(env, ['docker', 'skopeo'])
  expect(job.authFile).toBe(join(job.root, 'containers', 'auth.json'))
  expect(JSON.parse(await fs.readFile(job.authFile!, 'utf8'))).toEqual({
    credHelpers: { 'gcr.io': 'gcloud' },
    auths: {}
  })
  expect(jobConfigEnv(job)).toEqual({ DOCKER_CONFIG: job.dockerConfig, REGISTRY_AUTH_FILE: job.authFile })
  expect(await snapshot(join(root, 'xdg'))).toEqual(before)
})

test('using the job’s configs sets them in this process’s env and exports them for later steps', async () => {
  const job = await createJobConfig({ HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp }, ['podman'])
  const env: NodeJS.ProcessEnv = { DOCKER_CONFIG: '/elsewhere' }
  const runner = fakeRunner()
  useJobConfig(job, env, runner)
  expect(env).toEqual({ DOCKER_CONFIG: job.dockerConfig, REGISTRY_AUTH_FILE: job.authFile })
  expect(runner.exported).toEqual({ DOCKER_CONFIG: job.dockerConfig, REGISTRY_AUTH_FILE: job.authFile })
})

test('removing the job’s configs removes its directory, and never a directory it did not make', async () => {
  await userFiles()
  const job = await createJobConfig({ HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp }, ['docker'])
  const env = { RUNNER_TEMP: runnerTemp }
  expect(await removeJobConfig(job, env)).toBe(true)
  await expect(fs.stat(job.root)).rejects.toThrow()
  expect(await fs.readFile(join(userDir, 'ca.pem'), 'utf8')).toBe('CA')
  expect(await removeJobConfig({ root: home, dockerConfig: userDir }, env)).toBe(false)
  expect(await fs.readFile(join(userDir, 'ca.pem'), 'utf8')).toBe('CA')
})

describe('post accepts only the job config main made', () => {
  const env = () => ({ RUNNER_TEMP: runnerTemp })
  const planted = async (root: string) => {
    await fs.mkdir(join(root, 'docker'), { recursive: true })
    await fs.writeFile(join(root, 'docker', 'keep'), 'mine')
    return { root, dockerConfig: join(root, 'docker') }
  }
  const kept = async (root: string) =>
    expect(await fs.readFile(join(root, 'docker', 'keep'), 'utf8')).toBe('mine')

  test('a directory named like a job config but not directly under RUNNER_TEMP is left alone', async () => {
    const job = await planted(join(home, 'ecr-login-job-abc123'))
    expect(await removeJobConfig(job, env())).toBe(false)
    await kept(job.root)
    const nested = await planted(join(runnerTemp, 'sub', 'ecr-login-job-abc123'))
    expect(await removeJobConfig(nested, env())).toBe(false)
    await kept(nested.root)
  })

  test('a path that climbs out of RUNNER_TEMP (..) is left alone', async () => {
    const job = await planted(join(home, 'ecr-login-job-abc123'))
    const climbing = {
      root: `${runnerTemp}/../home/ecr-login-job-abc123`,
      dockerConfig: join(job.root, 'docker')
    }
    expect(await removeJobConfig(climbing, env())).toBe(false)
    await kept(job.root)
  })

  test('a link under RUNNER_TEMP with the job config’s name is left alone, and so is what it points to', async () => {
    const target = await planted(join(home, 'target'))
    const link = join(runnerTemp, 'ecr-login-job-abc123')
    // A junction on Windows, as seedJobDockerConfig makes, which needs no privilege (ignored elsewhere).
    await fs.symlink(target.root, link, 'junction')
    expect(await removeJobConfig({ root: link, dockerConfig: join(link, 'docker') }, env())).toBe(false)
    await kept(target.root)
    expect((await fs.lstat(link)).isSymbolicLink()).toBe(true)
  })

  test('configs saved at other places inside the job’s root are refused', async () => {
    const job = await planted(join(runnerTemp, 'ecr-login-job-abc123'))
    expect(await isJobConfig({ ...job, dockerConfig: userDir }, env())).toBe(false)
    expect(await isJobConfig({ ...job, authFile: join(home, 'auth.json') }, env())).toBe(false)
    expect(await isJobConfig(job, env())).toBe(true)
  })

  test('a directory of another user is refused', async () => {
    const job = await planted(join(runnerTemp, 'ecr-login-job-abc123'))
    expect(await isJobDir(job.root, env(), () => true, (process.getuid?.() ?? 0) + 1)).toBe(false)
  })
})

describe('removing a job directory never follows a link', () => {
  test('a linked directory inside it is unlinked; the user’s files it points to stay', async () => {
    await userFiles()
    const job = await createJobConfig({ HOME: home, USERPROFILE: home, RUNNER_TEMP: runnerTemp }, ['docker'])
    // seedJobDockerConfig links contexts/, buildx/ ... from the user's dir.
    expect((await fs.lstat(join(job.dockerConfig, 'contexts'))).isSymbolicLink()).toBe(true)
    const before = await snapshot(userDir)
    await removeTree(job.root)
    await expect(fs.lstat(job.root)).rejects.toThrow()
    expect(await snapshot(userDir)).toEqual(before)
  })

  test('a junction (Windows: lstat says link, unlink refuses with EPERM) is removed with rmdir, never listed', async () => {
    const calls: string[] = []
    const entries: Record<string, { dir: boolean; link: boolean; children?: string[] }> = {
      '/job': { dir: true, link: false, children: ['contexts', 'config.json'] },
      '/job/contexts': { dir: true, link: true },
      '/job/config.json': { dir: false, link: false }
    }
    const tree: TreeFs = {
      lstat: async path => {
        const entry = entries[path]
        if (!entry) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' })
        return { isDirectory: () => entry.dir, isSymbolicLink: () => entry.link }
      },
      readdir: async path => {
        calls.push(`readdir ${path}`)
        return entries[path].children ?? []
      },
      unlink: async path => {
        calls.push(`unlink ${path}`)
        if (entries[path].dir) throw Object.assign(new Error('EPERM'), { code: 'EPERM' })
      },
      rmdir: async path => {
        calls.push(`rmdir ${path}`)
      }
    }
    await removeTree('/job', tree)
    expect(calls).toEqual([
      'readdir /job',
      'unlink /job/contexts',
      'rmdir /job/contexts',
      'unlink /job/config.json',
      'rmdir /job'
    ])
  })
})

describe('a job config’s layout, by its paths alone (a saved record before anything is read)', () => {
  const made = (temp: string) => {
    const root = join(temp, 'ecr-login-job-Ab12Cd')
    return { root, dockerConfig: join(root, 'docker'), authFile: join(root, 'containers', 'auth.json') }
  }

  test('the paths createJobConfig makes are accepted, with or without the containers auth file', async () => {
    const job = await createJobConfig({ HOME: home, RUNNER_TEMP: runnerTemp }, ['docker', 'podman'])
    expect(hasJobConfigLayout(job, runnerTemp)).toBe(true)
    expect(hasJobConfigLayout({ root: job.root, dockerConfig: job.dockerConfig }, runnerTemp)).toBe(true)
  })

  test.each([
    [
      'another directory than RUNNER_TEMP',
      (j: ReturnType<typeof made>) => ({ ...j, root: join(home, basename(j.root)) })
    ],
    [
      'a name mkdtemp does not make',
      (j: ReturnType<typeof made>) => ({ ...j, root: join(dirname(j.root), 'ecr-login-job-../x') })
    ],
    [
      'another prefix',
      (j: ReturnType<typeof made>) => ({ ...j, root: join(dirname(j.root), 'ecr-login-helper') })
    ],
    [
      'a docker config elsewhere',
      (j: ReturnType<typeof made>) => ({ ...j, dockerConfig: join(home, '.docker') })
    ],
    ['an auth file elsewhere', (j: ReturnType<typeof made>) => ({ ...j, authFile: join(home, 'auth.json') })]
  ])('%s is refused', (_what, forge) => {
    expect(hasJobConfigLayout(made(runnerTemp), runnerTemp)).toBe(true)
    expect(hasJobConfigLayout(forge(made(runnerTemp)), runnerTemp)).toBe(false)
  })
})

import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  claimStaleLock,
  lockDockerConfig,
  lockPathOf,
  LOCK_STALE_MS,
  dockerConfigDir,
  readDockerConfig,
  updateDockerConfig,
  writeDockerConfig,
  type DockerConfig
} from '../../src/config/docker-config.js'
import { UserError } from '../../src/errors.js'
import { expectMode, posixTest } from '../support/platform.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'

let dir: string
let file: string

beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'ecr-login-docker-config-test-'))
  file = join(dir, 'config.json')
})

afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const readJson = async (path = file): Promise<DockerConfig> => JSON.parse(await fs.readFile(path, 'utf8'))

describe('readDockerConfig', () => {
  test('a missing file is an empty config', async () => {
    expect(await readDockerConfig(dir)).toEqual({})
  })

  test('a missing directory is an empty config', async () => {
    expect(await readDockerConfig(join(dir, 'nope'))).toEqual({})
  })

  test('an empty file is an empty config', async () => {
    await fs.writeFile(file, '\n')
    expect(await readDockerConfig(dir)).toEqual({})
  })

  test('a config is read as it is', async () => {
    const config = { auths: { [HOST]: { auth: 'QVdTOnB3' } }, credsStore: 'desktop', psFormat: 'table' }
    await fs.writeFile(file, JSON.stringify(config))
    expect(await readDockerConfig(dir)).toEqual(config)
  })

  test.each([
    ['malformed JSON', '{"auths": {'],
    ['an array', '[]'],
    ['a string', '"config"'],
    ['null', 'null']
  ])('%s is a UserError naming the file', async (_why, text) => {
    await fs.writeFile(file, text)
    const error = await readDockerConfig(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe(
      `The Docker config ${file} is not a JSON object, so it was left untouched.`
    )
    expect((error as UserError).hint).toMatch(/Fix or remove the file/)
  })

  test('an unreadable path is a UserError naming the file', async () => {
    await fs.mkdir(file)
    const error = await readDockerConfig(dir).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toContain(`Cannot read the Docker config ${file}`)
  })
})

describe('writeDockerConfig', () => {
  test('writes tab-indented JSON, creating the directory', async () => {
    const nested = join(dir, 'a', 'b')
    await writeDockerConfig(nested, { auths: {} })
    expect(await fs.readFile(join(nested, 'config.json'), 'utf8')).toBe('{\n\t"auths": {}\n}')
  })

  test('a new file is private to the user (0600)', async () => {
    await writeDockerConfig(dir, { auths: {} })
    await expectMode(file, 0o600)
  })
})

describe('updateDockerConfig', () => {
  const userConfig = {
    auths: { 'https://index.docker.io/v1/': { auth: 'dXNlcjpodWI=' } },
    credsStore: 'desktop',
    credHelpers: { 'gcr.io': 'gcloud' },
    currentContext: 'remote',
    proxies: { default: { httpsProxy: 'http://proxy:3128' } },
    psFormat: 'table {{.ID}}',
    experimental: 'enabled'
  }

  test('keeps every key it does not touch and writes tabs, as docker does', async () => {
    await fs.writeFile(file, JSON.stringify(userConfig, null, 2))
    await updateDockerConfig(dir, config => {
      config.auths = { ...config.auths, [HOST]: { auth: 'QVdTOnB3' } }
    })
    const expected = { ...userConfig, auths: { ...userConfig.auths, [HOST]: { auth: 'QVdTOnB3' } } }
    expect(await fs.readFile(file, 'utf8')).toBe(JSON.stringify(expected, null, '\t'))
  })

  test('creates the config when there is none', async () => {
    await updateDockerConfig(join(dir, 'new'), config => {
      config.auths = { [HOST]: {} }
    })
    expect(await readJson(join(dir, 'new', 'config.json'))).toEqual({ auths: { [HOST]: {} } })
  })

  posixTest.each([0o600, 0o640])('keeps the file mode %o', async mode => {
    await fs.writeFile(file, '{}', { mode })
    await fs.chmod(file, mode)
    await updateDockerConfig(dir, config => {
      config.auths = { [HOST]: {} }
    })
    expect((await fs.stat(file)).mode & 0o777).toBe(mode)
  })

  test('leaves no lock or temp file behind', async () => {
    await fs.writeFile(file, '{}')
    await updateDockerConfig(dir, config => {
      config.auths = { [HOST]: {} }
    })
    expect(await fs.readdir(dir)).toEqual(['config.json'])
  })

  posixTest('a symlinked config.json stays a symlink and its target is updated', async () => {
    const dotfiles = join(dir, 'dotfiles')
    const docker = join(dir, 'docker')
    await fs.mkdir(dotfiles)
    await fs.mkdir(docker)
    await fs.writeFile(join(dotfiles, 'config.json'), JSON.stringify({ credsStore: 'pass' }), { mode: 0o600 })
    await fs.symlink(join(dotfiles, 'config.json'), join(docker, 'config.json'))
    await updateDockerConfig(docker, config => {
      config.auths = { [HOST]: {} }
    })
    expect((await fs.lstat(join(docker, 'config.json'))).isSymbolicLink()).toBe(true)
    expect(await readJson(join(dotfiles, 'config.json'))).toEqual({
      credsStore: 'pass',
      auths: { [HOST]: {} }
    })
    expect(await fs.readdir(dotfiles)).toEqual(['config.json'])
  })

  test('a malformed config is left untouched and the update fails with a UserError', async () => {
    await fs.writeFile(file, '{ not json')
    const mutate = (config: DockerConfig) => {
      config.auths = { [HOST]: {} }
    }
    await expect(updateDockerConfig(dir, mutate)).rejects.toBeInstanceOf(UserError)
    expect(await fs.readFile(file, 'utf8')).toBe('{ not json')
  })

  test('fifty concurrent updates each adding a key lose nothing', async () => {
    await fs.writeFile(file, JSON.stringify({ credsStore: 'desktop' }))
    const keys = Array.from({ length: 50 }, (_, i) => `${100000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    await Promise.all(
      keys.map(key =>
        updateDockerConfig(dir, config => {
          config.auths = { ...config.auths, [key]: { auth: key } }
        })
      )
    )
    const config = await readJson()
    expect(config.credsStore).toBe('desktop')
    expect(Object.keys(config.auths ?? {}).sort()).toEqual([...keys].sort())
  })

  test('concurrent updates that meet only at the lock file lose nothing', async () => {
    // Two spellings of one directory are two in-process queues, so only the lock file orders them,
    // as it does for two ecr-login processes sharing a config.
    await fs.writeFile(file, JSON.stringify({ credsStore: 'desktop' }))
    const keys = Array.from({ length: 30 }, (_, i) => `${200000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    await Promise.all(
      keys.map((key, i) =>
        updateDockerConfig(i % 2 ? dir : `${dir}/`, config => {
          config.auths = { ...config.auths, [key]: { auth: key } }
        })
      )
    )
    const config = await readJson()
    expect(config.credsStore).toBe('desktop')
    expect(Object.keys(config.auths ?? {}).sort()).toEqual([...keys].sort())
    expect(await fs.readdir(dir)).toEqual(['config.json'])
  })

  test('updates issued together are applied in order, and one that throws fails only its caller', async () => {
    const updates = [
      updateDockerConfig(dir, config => {
        config.order = ['first']
      }),
      updateDockerConfig(dir, () => {
        throw new Error('mutate failed')
      }),
      updateDockerConfig(dir, config => {
        config.order = [...(config.order as string[]), 'second']
      })
    ]
    const results = await Promise.allSettled(updates)
    expect(results.map(r => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await readJson()).order).toEqual(['first', 'second'])
  })

  test('a failed update does not block the next one', async () => {
    await expect(
      updateDockerConfig(dir, () => {
        throw new Error('mutate failed')
      })
    ).rejects.toThrow('mutate failed')
    await updateDockerConfig(dir, config => {
      config.auths = { [HOST]: {} }
    })
    expect(await readJson()).toEqual({ auths: { [HOST]: {} } })
  })
})

// Bug: a lock left by a killed process failed the next run after 15 s (the wait was shorter than
// the 30 s stale age), and breaking a stale lock raced. The lock is now proper-lockfile's,
// refreshed while held, so a short stale age is safe.
describe('the config lock between processes', () => {
  const SRC = fileURLToPath(new URL('../../src/config/docker-config.ts', import.meta.url))

  // The module as a file: URL: an ES import takes no Windows drive path (C:\...).
  /** Runs `body` (ES module code with `dir` and the module's exports in scope) in a node process. */
  function child(body: string): { done: Promise<number | null>; stdout: () => string } {
    const script = `import * as m from ${JSON.stringify(pathToFileURL(SRC).href)}\nconst dir = ${JSON.stringify(dir)}\n${body}\n`
    const proc = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    proc.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    return {
      done: new Promise(resolve => proc.on('exit', (code, signal) => resolve(signal ? -1 : code))),
      stdout: () => out
    }
  }

  async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out waiting')
      await new Promise(resolve => setTimeout(resolve, 20))
    }
  }

  const addKey = (key: string) => (config: DockerConfig) => {
    config.auths = { ...config.auths, [key]: {} }
  }

  test('a lock left by a process killed while holding it delays the next update by a few seconds at most', async () => {
    await fs.writeFile(file, JSON.stringify({ credsStore: 'desktop' }))
    // The child dies inside the critical section: nothing of it runs to release the lock.
    const killed = child("await m.updateDockerConfig(dir, () => process.kill(process.pid, 'SIGKILL'))")
    // Windows ends it with TerminateProcess: exit code 1, no signal.
    expect(await killed.done).toBe(process.platform === 'win32' ? 1 : -1)
    expect((await fs.readdir(dir)).length).toBeGreaterThan(1)

    const started = Date.now()
    await updateDockerConfig(dir, addKey(HOST))
    expect(Date.now() - started).toBeLessThan(LOCK_STALE_MS + 2_000)
    expect(await readJson()).toEqual({ credsStore: 'desktop', auths: { [HOST]: {} } })
    expect(await fs.readdir(dir)).toEqual(['config.json'])
  }, 30_000)

  test('a live holder keeps its lock past the stale age; the next update waits for its release', async () => {
    await fs.writeFile(file, JSON.stringify({ credsStore: 'desktop' }))
    const holdMs = LOCK_STALE_MS + 2_000
    const holder = child(
      `const lock = await m.lockDockerConfig(dir); console.log('locked')\n` +
        `await new Promise(r => setTimeout(r, ${holdMs}))\n` +
        `console.log(await lock.owned() ? 'still owned' : 'lost'); await lock.release()`
    )
    await until(() => holder.stdout().includes('locked'))
    let done = false
    const update = updateDockerConfig(dir, addKey(HOST)).then(() => (done = true))
    await new Promise(resolve => setTimeout(resolve, holdMs - 500))
    expect(done).toBe(false)
    expect(await readJson()).toEqual({ credsStore: 'desktop' })
    expect(await holder.done).toBe(0)
    expect(holder.stdout()).toContain('still owned')
    await update
    expect(await readJson()).toEqual({ credsStore: 'desktop', auths: { [HOST]: {} } })
  }, 30_000)

  test('eight processes meeting at a stale lock all get their turn; no update is lost', async () => {
    await fs.writeFile(file, JSON.stringify({ credsStore: 'desktop' }))
    await fs.mkdir(lockPathOf(dir))
    const old = new Date(Date.now() - 60_000)
    await fs.utimes(lockPathOf(dir), old, old)
    const keys = Array.from({ length: 8 }, (_, i) => `${300000000000 + i}.dkr.ecr.us-east-1.amazonaws.com`)
    const children = keys.map(key =>
      child(`await m.updateDockerConfig(dir, c => { c.auths = { ...c.auths, ${JSON.stringify(key)}: {} } })`)
    )
    expect(await Promise.all(children.map(c => c.done))).toEqual(keys.map(() => 0))
    const config = await readJson()
    expect(Object.keys(config.auths ?? {}).sort()).toEqual([...keys].sort())
    expect(await fs.readdir(dir)).toEqual(['config.json'])
  }, 60_000)

  // moxystudio/node-proper-lockfile#121: a waiter that judged the lock stale, then removes it,
  // may remove a lock another waiter re-created in between. The claim re-checks after an atomic rename.
  test('claiming a lock that was re-created since it was judged stale leaves it to its holder', async () => {
    const lock = await lockDockerConfig(dir)
    const { ino } = await fs.stat(lockPathOf(dir))
    await expect(claimStaleLock(lockPathOf(dir), LOCK_STALE_MS)).rejects.toMatchObject({ code: 'ELOCKED' })
    expect((await fs.stat(lockPathOf(dir))).ino).toBe(ino)
    expect(await lock.owned()).toBe(true)
    await lock.release()
    expect(await fs.readdir(dir)).toEqual([])
  })

  test('claiming a stale lock removes it', async () => {
    await fs.mkdir(lockPathOf(dir))
    const old = new Date(Date.now() - 60_000)
    await fs.utimes(lockPathOf(dir), old, old)
    await claimStaleLock(lockPathOf(dir), LOCK_STALE_MS)
    expect(await fs.readdir(dir)).toEqual([])
  })
})

describe('dockerConfigDir', () => {
  test.each<[string, NodeJS.ProcessEnv, string]>([
    ['DOCKER_CONFIG', { DOCKER_CONFIG: '/custom/docker', HOME: '/home/me' }, '/custom/docker'],
    ['HOME when DOCKER_CONFIG is unset', { HOME: '/home/me' }, '/home/me/.docker'],
    ['HOME when DOCKER_CONFIG is blank', { DOCKER_CONFIG: ' ', HOME: '/home/me' }, '/home/me/.docker'],
    ['the user’s home when HOME is unset too', {}, posix.join(homedir(), '.docker')]
  ])('%s', (_why, env, expected) => {
    expect(dockerConfigDir(env, 'linux')).toBe(expected)
  })

  test.each<[string, NodeJS.ProcessEnv, string]>([
    [
      'USERPROFILE, whatever HOME says (Git Bash sets it)',
      { USERPROFILE: 'C:\\Users\\me', HOME: '/c/Users/me' },
      'C:\\Users\\me\\.docker'
    ],
    [
      'DOCKER_CONFIG first, in any case',
      { docker_config: 'D:\\cfg', USERPROFILE: 'C:\\Users\\me' },
      'D:\\cfg'
    ],
    [
      'the user’s home (os.homedir) when USERPROFILE is unset',
      { HOME: '/c/Users/me' },
      win32.join(homedir(), '.docker')
    ]
  ])('on Windows: %s', (_why, env, expected) => {
    expect(dockerConfigDir(env, 'win32')).toBe(expected)
  })

  test('on macOS: HOME, as on Linux', () => {
    expect(dockerConfigDir({ HOME: '/Users/me' }, 'darwin')).toBe('/Users/me/.docker')
  })
})

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readAuthFile, updateAuthFile } from '../../src/config/containers-auth.js'
import { readDockerConfig, seedJobDockerConfig, updateDockerConfig } from '../../src/config/docker-config.js'
import {
  REPLACE_ATTEMPTS,
  replaceFile,
  writeNewJsonFile,
  type ReplaceDeps
} from '../../src/config/json-file.js'
import { UserError } from '../../src/errors.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'

let dir: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'ecr-login-json-file-test-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const addLogin = (config: { auths?: Record<string, unknown> }) => {
  config.auths = { ...config.auths, [HOST]: { auth: 'QVdTOnB3' } }
}

describe('what the user wrote is kept', () => {
  const numbers =
    '{\n\t"big": 12345678901234567890123,\n\t"float": 1.0,\n\t"exp": 1e3,\n\t"neg": -0,\n\t"plain": 42,\n\t"nested": {"list": [0.10, 2, "12345678901234567890123"]}\n}'

  test('numbers a JSON parser would change are written back in Docker’s config exactly as written', async () => {
    await fs.writeFile(join(dir, 'config.json'), numbers)
    await updateDockerConfig(dir, addLogin)
    const text = await fs.readFile(join(dir, 'config.json'), 'utf8')
    expect(text).toContain('"big": 12345678901234567890123,')
    expect(text).toContain('"float": 1.0,')
    expect(text).toContain('"exp": 1e3,')
    expect(text).toContain('"neg": -0,')
    expect(text).toContain('"plain": 42,')
    expect(text).toMatch(/0\.10,\s+2,\s+"12345678901234567890123"/)
    expect(text).not.toContain('e+22')
    expect(JSON.parse(text).auths[HOST]).toEqual({ auth: 'QVdTOnB3' })
  })

  test('numbers are kept in the containers auth file too', async () => {
    const file = join(dir, 'auth.json')
    await fs.writeFile(file, numbers)
    await updateAuthFile(file, addLogin)
    const text = await fs.readFile(file, 'utf8')
    expect(text).toContain('"big": 12345678901234567890123,')
    expect(text).toContain('"float": 1.0,')
  })

  test('a job config seeded from the user’s keeps their numbers as written', async () => {
    await fs.writeFile(join(dir, 'config.json'), numbers)
    const job = join(dir, 'job')
    await seedJobDockerConfig(dir, job)
    expect(await fs.readFile(join(job, 'config.json'), 'utf8')).toContain('"big": 12345678901234567890123,')
  })

  test('a config with a key twice in one object is refused, named, and left untouched', async () => {
    const text =
      '{"auths": {}, "proxies": {"default": {"httpProxy": "a"}}, "proxies": {"default": {"httpProxy": "b"}}}'
    await fs.writeFile(join(dir, 'config.json'), text)
    const error = await updateDockerConfig(dir, addLogin).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toMatch(
      /config\.json has the key "proxies" twice in one object, so it was left untouched/
    )
    expect(await fs.readFile(join(dir, 'config.json'), 'utf8')).toBe(text)
  })

  test('the same key in two different objects is no duplicate', async () => {
    await fs.writeFile(join(dir, 'config.json'), '{"a": {"x": 1}, "b": {"x": 2}}')
    expect(await readDockerConfig(dir)).toEqual({ a: { x: 1 }, b: { x: 2 } })
  })

  test('text that is not JSON is still refused as before', async () => {
    for (const text of ['{"a": 1,}', '[1]', '{"a": 01}', '{"a": 1} x', "{'a': 1}"]) {
      await fs.writeFile(join(dir, 'auth.json'), text)
      await expect(readAuthFile(join(dir, 'auth.json'))).rejects.toThrow(/is not a JSON object/)
    }
  })
})

describe('a new file in a throw-away dir', () => {
  const kind = { noun: 'the Docker config', malformedHint: '' }

  test('is written as docker formats it, private to the user, with no temp file beside it', async () => {
    await writeNewJsonFile(join(dir, 'config.json'), { auths: {}, credHelpers: { [HOST]: '' } }, kind)
    expect(await fs.readFile(join(dir, 'config.json'), 'utf8')).toBe(
      JSON.stringify({ auths: {}, credHelpers: { [HOST]: '' } }, null, '\t')
    )
    if (process.platform !== 'win32')
      expect((await fs.stat(join(dir, 'config.json'))).mode & 0o777).toBe(0o600)
    expect(await fs.readdir(dir)).toEqual(['config.json'])
  })

  test('a file already there (or a link in its place) is refused and left as it was', async () => {
    await fs.writeFile(join(dir, 'config.json'), 'theirs')
    await expect(writeNewJsonFile(join(dir, 'config.json'), { auths: {} }, kind)).rejects.toThrow(
      /Cannot write the Docker config .*config\.json: EEXIST/
    )
    expect(await fs.readFile(join(dir, 'config.json'), 'utf8')).toBe('theirs')
  })
})

describe('replacing a file', () => {
  const busy = (code: string) => Object.assign(new Error(code), { code })
  const deps = (platform: NodeJS.Platform, failures: string[]) => {
    const calls: string[] = []
    const pauses: number[] = []
    const fake: ReplaceDeps = {
      platform,
      rename: async from => {
        calls.push(from)
        const code = failures.shift()
        if (code) throw busy(code)
      },
      sleep: async ms => {
        pauses.push(ms)
      }
    }
    return { fake, calls, pauses }
  }

  test.each(['EPERM', 'EACCES', 'EBUSY'])('on Windows a rename refused with %s is retried', async code => {
    const { fake, calls, pauses } = deps('win32', [code, code])
    await replaceFile('a.tmp', 'a', fake)
    expect(calls).toHaveLength(3)
    expect(pauses).toEqual([50, 100])
  })

  test('on Windows the retries are bounded: the last refusal is the error', async () => {
    const { fake, calls, pauses } = deps('win32', Array(20).fill('EBUSY'))
    await expect(replaceFile('a.tmp', 'a', fake)).rejects.toThrow('EBUSY')
    expect(calls).toHaveLength(REPLACE_ATTEMPTS)
    expect(pauses.reduce((a, b) => a + b, 0)).toBeLessThan(5_000)
  })

  test('elsewhere, and for other errors, a failed rename is not retried', async () => {
    const linux = deps('linux', ['EPERM'])
    await expect(replaceFile('a.tmp', 'a', linux.fake)).rejects.toThrow('EPERM')
    expect(linux.calls).toHaveLength(1)
    const windows = deps('win32', ['ENOENT'])
    await expect(replaceFile('a.tmp', 'a', windows.fake)).rejects.toThrow('ENOENT')
    expect(windows.calls).toHaveLength(1)
  })
})

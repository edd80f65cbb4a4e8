// Issue 12 item 12: with AWS_ECR_CACHE_DIR on a path another user made, the helper served that
// user's planted password and appended to a root-only file through a symlinked log.
import {
  chmodSync,
  chownSync,
  existsSync,
  lchownSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { keyHash } from '../../src/helper/cache-file.js'
import { fileCache, readCache } from '../../src/helper/cache.js'
import { fileLog, logFileOf } from '../../src/helper/log.js'
import {
  checkPrivateDir,
  makePrivateDir,
  readPrivate,
  UntrustedPath
} from '../../src/helper/private-files.js'

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const TARGET = { service: 'ecr', region: 'eu-west-1', account: '111111111111' } as const
const NOBODY = 65534

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-private-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const posix = process.platform === 'win32' ? test.skip : test
// Making a file another user's takes root: these run where the tests run as root.
const asRoot = process.getuid?.() === 0 ? test : test.skip

/** A cache.json with one entry for TARGET under our access key, as someone might plant it. */
function plantedCache(password: string): string {
  const now = Date.now()
  return JSON.stringify({
    Registries: {
      [`eu-west-1-${keyHash(KEY_ID)}-111111111111`]: {
        AuthorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
        RequestedAt: new Date(now).toISOString(),
        ExpiresAt: new Date(now + 12 * 3600_000).toISOString(),
        ProxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
        Service: 'ecr'
      }
    },
    Version: '1.0'
  })
}

const cacheIn = (cacheDir: string) => fileCache({ dir: cacheDir, accessKeyId: async () => KEY_ID })

describe('directories', () => {
  posix('a directory of ours that only we can write is private; one created is 0700', () => {
    const made = join(dir, 'a', 'b')
    makePrivateDir(made)
    expect(statSync(made).mode & 0o777).toBe(0o700)
    expect(() => checkPrivateDir(dir)).not.toThrow()
  })

  posix.each([
    ['0777', 0o777],
    ['1777 (like /tmp)', 0o1777],
    ['0770', 0o770],
    ['0720', 0o720]
  ])('a directory with mode %s is refused', (_name, mode) => {
    chmodSync(dir, mode)
    expect(() => checkPrivateDir(dir)).toThrow(UntrustedPath)
    expect(() => checkPrivateDir(dir)).toThrow(/writable by other users/)
  })

  asRoot("another user's directory is refused, whatever its mode", () => {
    chownSync(dir, NOBODY, NOBODY)
    chmodSync(dir, 0o755)
    expect(() => checkPrivateDir(dir)).toThrow(`owned by uid ${NOBODY}`)
  })
})

describe('the cache', () => {
  posix('a world-writable cache directory is not read: its planted token is never served', async () => {
    writeFileSync(join(dir, 'cache.json'), plantedCache('planted'), { mode: 0o600 })
    chmodSync(dir, 0o777)
    expect(await cacheIn(dir).get(TARGET)).toBeUndefined()
  })

  asRoot('a cache.json another user made is not read, even in our directory', async () => {
    writeFileSync(join(dir, 'cache.json'), plantedCache('planted'), { mode: 0o644 })
    chownSync(join(dir, 'cache.json'), NOBODY, NOBODY)
    expect(await cacheIn(dir).get(TARGET)).toBeUndefined()
  })

  asRoot('a cache directory another user made is neither read nor written', async () => {
    const theirs = join(dir, 'theirs')
    mkdirSync(theirs, { mode: 0o755 })
    writeFileSync(join(theirs, 'cache.json'), plantedCache('planted'), { mode: 0o644 })
    chownSync(join(theirs, 'cache.json'), NOBODY, NOBODY)
    chownSync(theirs, NOBODY, NOBODY)
    const cache = cacheIn(theirs)
    expect(await cache.get(TARGET)).toBeUndefined()
    await cache.set(TARGET, {
      authorizationToken: Buffer.from('AWS:ours').toString('base64'),
      requestedAt: new Date(),
      expiresAt: new Date(Date.now() + 3600_000),
      proxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
      service: 'ecr'
    })
    expect(readFileSync(join(theirs, 'cache.json'), 'utf8')).not.toContain(
      Buffer.from('AWS:ours').toString('base64')
    )
  })

  posix('a cache.json that is a symbolic link is not followed', async () => {
    const elsewhere = join(dir, 'elsewhere.json')
    writeFileSync(elsewhere, plantedCache('linked'), { mode: 0o600 })
    const cacheDir = join(dir, 'cache')
    makePrivateDir(cacheDir)
    symlinkSync(elsewhere, join(cacheDir, 'cache.json'))
    expect(() => readPrivate(join(cacheDir, 'cache.json'))).toThrow('is a symbolic link')
    expect(await cacheIn(cacheDir).get(TARGET)).toBeUndefined()
    expect(readCache(cacheDir)).toEqual({})
  })

  posix('a cache.json writable by others is not read', async () => {
    writeFileSync(join(dir, 'cache.json'), plantedCache('planted'))
    chmodSync(join(dir, 'cache.json'), 0o666)
    expect(await cacheIn(dir).get(TARGET)).toBeUndefined()
  })
})

describe('a symbolic link on the way to the cache directory', () => {
  /** A directory of ours (0700) with our own cache.json in it, and a shared one like /tmp. */
  function setUp(): { mine: string; shared: string; ours: string } {
    const mine = join(dir, 'mine')
    makePrivateDir(mine)
    const ours = plantedCache('ours')
    writeFileSync(join(mine, 'cache.json'), ours, { mode: 0o600 })
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o1777)
    return { mine, shared, ours }
  }
  const entry = () => ({
    authorizationToken: Buffer.from('AWS:new').toString('base64'),
    requestedAt: new Date(),
    expiresAt: new Date(Date.now() + 3600_000),
    proxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
    service: 'ecr' as const
  })

  asRoot(
    "another user's link in a shared directory is not followed: our files behind it stay as they were",
    async () => {
      const { mine, shared, ours } = setUp()
      const planted = join(shared, 'ecr')
      symlinkSync(mine, planted)
      lchownSync(planted, NOBODY, NOBODY)

      expect(() => checkPrivateDir(planted)).toThrow(`${planted} is a symbolic link made by uid ${NOBODY}`)
      expect(() => makePrivateDir(join(planted, 'log'))).toThrow(UntrustedPath)
      await cacheIn(planted).set(TARGET, entry())
      fileLog(logFileOf(planted)).error('written?')
      expect(readFileSync(join(mine, 'cache.json'), 'utf8')).toBe(ours)
      expect(existsSync(join(mine, 'log'))).toBe(false)
    }
  )

  asRoot(
    "another user's link above the cache directory is not followed either, not even to create it",
    async () => {
      const { mine, shared } = setUp()
      const planted = join(shared, 'home')
      symlinkSync(mine, planted)
      lchownSync(planted, NOBODY, NOBODY)

      await cacheIn(join(planted, 'ecr')).set(TARGET, entry())
      expect(existsSync(join(mine, 'ecr'))).toBe(false)
    }
  )

  posix('a link we made ourselves (a dotfiles ~/.ecr) is followed', async () => {
    const { mine } = setUp()
    const link = join(dir, 'dot-ecr')
    symlinkSync(mine, link)
    expect(() => checkPrivateDir(link)).not.toThrow()
    await cacheIn(link).set(TARGET, entry())
    expect(await cacheIn(link).get(TARGET)).toMatchObject({ authorizationToken: entry().authorizationToken })
  })
})

describe('the log', () => {
  posix('a log that is a symbolic link is not followed: the file it names is untouched', () => {
    const victim = join(dir, 'root-only')
    writeFileSync(victim, 'precious\n', { mode: 0o600 })
    const file = logFileOf(join(dir, 'cache'))
    makePrivateDir(join(dir, 'cache', 'log'))
    symlinkSync(victim, file)
    fileLog(file).error('appended?')
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
  })

  posix('a log hard-linked to another file of ours is not written', () => {
    const victim = join(dir, 'other')
    writeFileSync(victim, 'precious\n', { mode: 0o600 })
    const file = logFileOf(join(dir, 'cache'))
    makePrivateDir(join(dir, 'cache', 'log'))
    linkSync(victim, file)
    fileLog(file).error('appended?')
    expect(readFileSync(victim, 'utf8')).toBe('precious\n')
  })

  posix('a log in a directory others can write is not written', () => {
    const cacheDir = join(dir, 'cache')
    makePrivateDir(cacheDir)
    chmodSync(cacheDir, 0o777)
    const file = logFileOf(cacheDir)
    fileLog(file).error('x')
    expect(() => statSync(file)).toThrow(/ENOENT/)
  })

  asRoot('a log another user owns is not written', () => {
    const file = logFileOf(join(dir, 'cache'))
    makePrivateDir(join(dir, 'cache', 'log'))
    writeFileSync(file, '', { mode: 0o644 })
    chownSync(file, NOBODY, NOBODY)
    fileLog(file).error('x')
    expect(readFileSync(file, 'utf8')).toBe('')
  })

  posix("the Go helper's own log, 0664 under a umask of 002, is still written", () => {
    const file = logFileOf(join(dir, 'cache'))
    makePrivateDir(join(dir, 'cache', 'log'))
    writeFileSync(file, '')
    chmodSync(file, 0o664)
    fileLog(file).error('x')
    expect(readFileSync(file, 'utf8')).toContain('level=error msg="x"')
  })
})

import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheDirOf } from '../../src/helper/cache-dir.js'
import {
  cacheKey,
  formatGoTime,
  isFresh,
  keyHash,
  legacyKeyHash,
  parseGoTime,
  type CacheEntry
} from '../../src/helper/cache-file.js'
import { fileCache, openCache, primeCache, readCache, writeCache } from '../../src/helper/cache.js'

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'helper')
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const H = 'Gl1EotyhlmnXLt9MTxwnxMHKS0QI+7F/bOStRS143bM='
const PRIVATE = { service: 'ecr', region: 'eu-west-1', account: '111111111111' } as const
const PUBLIC = { service: 'ecr-public' } as const
const HOUR = 60 * 60 * 1000
const T0 = new Date('2026-11-23T10:00:00Z')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-cache-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

function entry(password: string, requestedAt = T0, lifetime = 12 * HOUR): CacheEntry {
  return {
    authorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
    requestedAt,
    expiresAt: new Date(requestedAt.getTime() + lifetime),
    proxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
    service: 'ecr'
  }
}

const withKey = (id: string | undefined) => async () => id
const cacheFile = () => join(dir, 'cache.json')

describe('cache keys', () => {
  test('H is base64(sha256(access key id)): the check vector from behaviour.md', () => {
    expect(keyHash(KEY_ID)).toBe(H)
  })

  test.each([
    [PRIVATE, `eu-west-1-${H}-111111111111`],
    [
      { service: 'ecr', region: 'cn-north-1', account: '222222222222' } as const,
      `cn-north-1-${H}-222222222222`
    ],
    [PUBLIC, `ecr-public-${H}`]
  ])('%j is keyed %s', (target, key) => {
    expect(cacheKey(target, KEY_ID)).toBe(key)
  })

  test('the legacy H is base64(id ‖ md5 of nothing), as Go helpers before 0.12 wrote it', () => {
    // Checked against the Debian Go helper 0.6.0, which answered `get` from a file with this key.
    expect(legacyKeyHash(KEY_ID)).toBe('QUtJQUlPU0ZPRE5ON0VYQU1QTEXUHYzZjwCyBOmACZjs+EJ+')
  })
})

describe('freshness', () => {
  // A 12 h token requested at T0 is served from the cache for its first half only.
  test.each([
    ['at request time', 0, true],
    ['after 5 h 59 m 59.999 s', 6 * HOUR - 1, true],
    ['at exactly 6 h', 6 * HOUR, false],
    ['after 11 h', 11 * HOUR, false],
    ['after expiry', 13 * HOUR, false]
  ])('a 12 h token %s (+%d ms) is fresh: %s', (_name, elapsed, fresh) => {
    expect(isFresh(entry('pw'), new Date(T0.getTime() + elapsed))).toBe(fresh)
  })

  test('a 1 h token is refreshed after 30 minutes', () => {
    const e = entry('pw', T0, HOUR)
    expect(isFresh(e, new Date(T0.getTime() + 30 * 60 * 1000 - 1))).toBe(true)
    expect(isFresh(e, new Date(T0.getTime() + 30 * 60 * 1000))).toBe(false)
  })
})

describe('Go time.Time JSON', () => {
  test.each([
    ['2026-11-23T22:00:00Z', '2026-11-23T22:00:00.000Z'],
    ['2026-11-23T22:00:00.5Z', '2026-11-23T22:00:00.500Z'],
    ['2026-11-23T22:00:00.123456789Z', '2026-11-23T22:00:00.123Z'],
    ['2026-11-23T23:00:00.123456789+01:00', '2026-11-23T22:00:00.123Z'],
    ['2026-11-23T15:30:00-06:30', '2026-11-23T22:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z']
  ])('reads %s', (text, iso) => {
    expect(parseGoTime(text).toISOString()).toBe(iso)
  })

  test.each([
    '2026-11-23 22:00:00Z',
    '2026-11-23T22:00:00',
    'yesterday',
    '2026-13-45T99:00:00Z',
    '2026-02-30T10:00:00Z',
    '2026-11-23T24:00:00Z'
  ])('refuses %s', text => {
    expect(() => parseGoTime(text)).toThrow()
  })

  test.each([
    ['2026-11-23T22:00:00.000Z', '2026-11-23T22:00:00Z'],
    ['2026-11-23T22:00:10.000Z', '2026-11-23T22:00:10Z'],
    ['2026-11-23T22:00:00.500Z', '2026-11-23T22:00:00.5Z'],
    ['2026-11-23T22:00:00.123Z', '2026-11-23T22:00:00.123Z']
  ])('writes %s as Go does: %s', (iso, text) => {
    expect(formatGoTime(new Date(iso))).toBe(text)
  })
})

describe('cache directory', () => {
  const home = () => '/home/u'
  test.each([
    // join: the OS's separator, as the Go helper's filepath.Join (\home\u\.ecr on Windows).
    [{}, join('/home/u', '.ecr')],
    [{ AWS_ECR_CACHE_DIR: '' }, join('/home/u', '.ecr')],
    [{ AWS_ECR_CACHE_DIR: '/var/cache/ecr' }, '/var/cache/ecr'],
    [{ AWS_ECR_CACHE_DIR: '~/cache/ecr' }, join('/home/u', 'cache/ecr')],
    [{ AWS_ECR_CACHE_DIR: '~' }, '/home/u']
  ])('%j → %s', (env, expected) => {
    expect(cacheDirOf(env, home)).toBe(expected)
  })
})

describe('the file cache', () => {
  test('reads a cache.json in the Go helper format, including legacy keys and Go timestamps', async () => {
    writeFileSync(cacheFile(), readFileSync(join(FIXTURES, 'cache.json')))
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })

    const priv = await cache.get(PRIVATE)
    expect(priv?.requestedAt.toISOString()).toBe('2026-11-23T17:00:00.500Z')
    expect(priv?.expiresAt.toISOString()).toBe('2026-11-24T05:00:00.500Z')
    expect(Buffer.from(priv!.authorizationToken, 'base64').toString()).toBe('AWS:go-private-password')
    expect((await cache.get(PUBLIC))?.service).toBe('ecr-public')
    const legacy = await cache.get({ service: 'ecr', region: 'us-east-1', account: '222222222222' })
    expect(legacy?.proxyEndpoint).toBe('https://222222222222.dkr.ecr.us-east-1.amazonaws.com')
    expect(legacy?.service).toBe('ecr')
    expect((await cache.list()).map(e => e.proxyEndpoint).sort()).toEqual([
      'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
      'https://222222222222.dkr.ecr.us-east-1.amazonaws.com',
      'https://public.ecr.aws'
    ])
  })

  test('an entry written under another access key is not served', async () => {
    writeFileSync(cacheFile(), readFileSync(join(FIXTURES, 'cache.json')))
    const cache = fileCache({ dir, accessKeyId: withKey('AKIAI44QH8DHBEXAMPLE') })
    expect(await cache.get(PRIVATE)).toBeUndefined()
  })

  test('writes the Go helper format: PascalCase fields, RFC 3339 times, Version 1.0', async () => {
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })
    await cache.set(PRIVATE, entry('secret-pw'))

    expect(JSON.parse(readFileSync(cacheFile(), 'utf8'))).toEqual({
      Registries: {
        [`eu-west-1-${H}-111111111111`]: {
          AuthorizationToken: Buffer.from('AWS:secret-pw').toString('base64'),
          RequestedAt: '2026-11-23T10:00:00Z',
          ExpiresAt: '2026-11-23T22:00:00Z',
          ProxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
          Service: 'ecr'
        }
      },
      Version: '1.0'
    })
  })

  test('a set keeps the entries already in the file', async () => {
    writeFileSync(cacheFile(), readFileSync(join(FIXTURES, 'cache.json')))
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })
    await cache.set({ service: 'ecr', region: 'us-west-2', account: '333333333333' }, entry('new'))
    expect(Object.keys(readCache(dir))).toHaveLength(4)
  })

  const corrupt: [string, string][] = [
    ['not JSON', '{"Registries": {'],
    ['an empty file', ''],
    ['Version 2.0', JSON.stringify({ Registries: {}, Version: '2.0' })],
    ['no Version', JSON.stringify({ Registries: {} })],
    ['a JSON array', '[]'],
    ['Registries as a list', JSON.stringify({ Registries: [], Version: '1.0' })],
    [
      'a time that is not RFC 3339',
      JSON.stringify({
        Registries: { k: { AuthorizationToken: 'x', RequestedAt: 'yesterday', ExpiresAt: 'today' } },
        Version: '1.0'
      })
    ]
  ]
  test.each(corrupt)(
    'a file with %s is deleted, read as empty, and rebuilt by the next set',
    async (_n, text) => {
      writeFileSync(cacheFile(), text)
      const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })

      expect(await cache.get(PRIVATE)).toBeUndefined()
      expect(readdirSync(dir)).toEqual([])

      await cache.set(PRIVATE, entry('rebuilt'))
      const data = JSON.parse(readFileSync(cacheFile(), 'utf8'))
      expect(data.Version).toBe('1.0')
      expect(Object.keys(data.Registries)).toEqual([`eu-west-1-${H}-111111111111`])
    }
  )

  const posix = process.platform === 'win32' ? test.skip : test
  posix('creates the directory 0700 and the file 0600', async () => {
    const nested = join(dir, 'fresh', '.ecr')
    await fileCache({ dir: nested, accessKeyId: withKey(KEY_ID) }).set(PRIVATE, entry('pw'))
    expect(statSync(nested).mode & 0o777).toBe(0o700)
    expect(statSync(join(nested, 'cache.json')).mode & 0o777).toBe(0o600)
  })

  test('writes through a temp file and rename, leaving no temp files behind', async () => {
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })
    await Promise.all(
      ['111111111111', '222222222222', '333333333333'].map(account =>
        cache.set({ service: 'ecr', region: 'eu-west-1', account }, entry(account))
      )
    )
    await cache.set(PUBLIC, entry('public'))
    expect(readdirSync(dir)).toEqual(['cache.json'])
  })

  // Another helper process holds the lock (proper-lockfile's `cache.json.lock` directory), having
  // read the file; it writes its merge, then lets go. Without the lock, this set would read and
  // write at once, and the other process's write would then drop the entry it adds.
  test('a set waits for a lock another helper holds, then merges with what that helper wrote', async () => {
    const lock = join(dir, 'cache.json.lock')
    mkdirSync(lock)
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })
    const setting = cache.set(PRIVATE, entry('mine'))

    await new Promise(r => setTimeout(r, 200))
    writeCache(dir, { [`us-west-2-${H}-222222222222`]: entry('theirs') })
    rmSync(lock, { recursive: true })
    await setting

    expect(Object.keys(readCache(dir)).sort()).toEqual([
      `eu-west-1-${H}-111111111111`,
      `us-west-2-${H}-222222222222`
    ])
    expect(readdirSync(dir)).toEqual(['cache.json'])
  })

  test('a lock left by a killed helper is taken over at once once stale (5 s untouched)', async () => {
    const lock = join(dir, 'cache.json.lock')
    mkdirSync(lock)
    const old = new Date(Date.now() - 6000)
    utimesSync(lock, old, old)
    const started = Date.now()
    await fileCache({ dir, accessKeyId: withKey(KEY_ID) }).set(PRIVATE, entry('mine'))
    expect(Date.now() - started).toBeLessThan(1000)
    expect(Object.keys(readCache(dir))).toEqual([`eu-west-1-${H}-111111111111`])
    expect(readdirSync(dir)).toEqual(['cache.json'])
  })

  test('a failed rename is reported, and its temp file removed', () => {
    mkdirSync(join(dir, 'cache.json'))
    writeFileSync(join(dir, 'cache.json', 'keep'), '')
    expect(() => writeCache(dir, { k: entry('pw') })).toThrow()
    expect(readdirSync(dir)).toEqual(['cache.json'])
  })

  test('with no AWS credentials the cache is off: nothing read, nothing written', async () => {
    writeFileSync(cacheFile(), readFileSync(join(FIXTURES, 'cache.json')))
    const before = readFileSync(cacheFile(), 'utf8')
    const cache = fileCache({ dir, accessKeyId: withKey(undefined) })

    expect(await cache.get(PRIVATE)).toBeUndefined()
    expect(await cache.list()).toEqual([])
    await cache.set(PRIVATE, entry('pw'))
    expect(readFileSync(cacheFile(), 'utf8')).toBe(before)
  })

  test('AWS_ECR_DISABLE_CACHE with any non-empty value turns the cache off', async () => {
    const keyed: string[] = []
    const cache = openCache(
      { AWS_ECR_DISABLE_CACHE: 'false', AWS_ECR_CACHE_DIR: dir },
      {
        accessKeyId: async () => {
          keyed.push('asked')
          return KEY_ID
        }
      }
    )
    await cache.set(PRIVATE, entry('pw'))
    expect(await cache.get(PRIVATE)).toBeUndefined()
    expect(await cache.list()).toEqual([])
    expect(readdirSync(dir)).toEqual([])
    expect(keyed).toEqual([])
  })

  test('an empty AWS_ECR_DISABLE_CACHE leaves the cache on, in AWS_ECR_CACHE_DIR', async () => {
    const cache = openCache(
      { AWS_ECR_DISABLE_CACHE: '', AWS_ECR_CACHE_DIR: dir },
      { accessKeyId: withKey(KEY_ID) }
    )
    await cache.set(PRIVATE, entry('pw'))
    expect(await cache.get(PRIVATE)).toEqual(entry('pw'))
  })
})

describe('primeCache (used by the action after it fetched tokens)', () => {
  test('stores grants so that the helper finds them under the same keys', async () => {
    const expiresAt = new Date(T0.getTime() + 12 * HOUR)
    await primeCache(
      dir,
      KEY_ID,
      [
        { host: '111111111111.dkr.ecr.eu-west-1.amazonaws.com', username: 'AWS', password: 'p1', expiresAt },
        { host: 'public.ecr.aws', username: 'AWS', password: 'p2', expiresAt },
        { host: 'registry.example.com', username: 'AWS', password: 'p3', expiresAt }
      ],
      T0
    )
    const cache = fileCache({ dir, accessKeyId: withKey(KEY_ID) })
    expect(await cache.get(PRIVATE)).toEqual({
      authorizationToken: Buffer.from('AWS:p1').toString('base64'),
      requestedAt: T0,
      expiresAt,
      proxyEndpoint: 'https://111111111111.dkr.ecr.eu-west-1.amazonaws.com',
      service: 'ecr'
    })
    expect((await cache.get(PUBLIC))?.proxyEndpoint).toBe('https://public.ecr.aws')
    expect(await cache.list()).toHaveLength(2)
  })

  test('without an access key id nothing is written', async () => {
    const expiresAt = new Date(T0.getTime() + 12 * HOUR)
    await primeCache(dir, '', [{ host: 'public.ecr.aws', username: 'AWS', password: 'p', expiresAt }], T0)
    expect(readdirSync(dir)).toEqual([])
  })
})

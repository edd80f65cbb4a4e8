// The warm-cache `get` (cached-get.ts) answers without the full program: it must answer exactly
// as the full program would, log the same lines, and leave everything else to it.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { JOB_CACHE_VAR } from '../../src/helper/cache-dir.js'
import { keyHash } from '../../src/helper/cache-file.js'
import { openCache } from '../../src/helper/cache.js'
import { getFromCache } from '../../src/helper/cached-get.js'
import { runCli } from '../../src/helper/cli.js'
import { ecrCredentials } from '../../src/helper/credentials.js'
import { fileLog, logFileOf } from '../../src/helper/log.js'

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const OTHER_KEY_ID = 'AKIAI44QH8DHBEXAMPLE'
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'
const HOUR = 3600_000
const T0 = new Date('2026-11-23T10:00:00Z')
const PASSWORD = 'pw<with>&specials'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-cached-get-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** cache.json with the given entries: key id → [host, password, requested, lifetime]. */
function writeCacheFile(
  entries: [keyId: string, host: string, password: string, requestedAt?: Date][]
): void {
  const registries: Record<string, unknown> = {}
  for (const [keyId, host, password, requestedAt = T0] of entries) {
    const [account, , , region] = host.split('.')
    const key =
      host === 'public.ecr.aws' ? `ecr-public-${keyHash(keyId)}` : `${region}-${keyHash(keyId)}-${account}`
    registries[key] = {
      AuthorizationToken: Buffer.from(`AWS:${password}`).toString('base64'),
      RequestedAt: requestedAt.toISOString(),
      ExpiresAt: new Date(requestedAt.getTime() + 12 * HOUR).toISOString(),
      ProxyEndpoint: `https://${host}`,
      Service: host === 'public.ecr.aws' ? 'ecr-public' : 'ecr'
    }
  }
  writeFileSync(join(dir, 'cache.json'), JSON.stringify({ Registries: registries, Version: '1.0' }), {
    mode: 0o600
  })
}

const keys = { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: 'secret' }

/** One warm-cache attempt, as helper.ts makes it. */
function cachedGet(stdin: string | undefined, env: NodeJS.ProcessEnv = keys, argv = ['get'], now = T0) {
  let stdout = ''
  const result = getFromCache(
    argv,
    { AWS_ECR_CACHE_DIR: dir, ...env },
    {
      readStdin: () => stdin,
      stdout: text => {
        stdout += text
        return false
      },
      now: () => now
    }
  )
  return { ...result, stdout }
}

/** The full program's answer to the same `get`, with an API that must not be called. */
async function fullGet(stdin: string, now = T0) {
  const env = { AWS_ECR_CACHE_DIR: dir, ...keys }
  const log = fileLog(logFileOf(dir), () => now)
  const accessKeyId = async () => KEY_ID
  let stdout = ''
  const code = await runCli({
    argv: ['get'],
    readStdin: async () => stdin,
    stdout: text => (stdout += text),
    env,
    version: '1.2.3',
    log,
    credentials: ecrCredentials({
      ecrFor: async () => {
        throw new Error('the API must not be called')
      },
      cache: openCache(env, { accessKeyId, log }),
      accessKeyId,
      env,
      now: () => now,
      log
    })
  })
  return { code, stdout }
}

const logText = () => readFileSync(logFileOf(dir), 'utf8')

describe('a fresh entry is answered as the full program answers it', () => {
  test.each([
    ['a bare host', `${HOST}\n`],
    ['a URL with scheme and path, kept as given', `https://${HOST}/v2/`],
    ['CRLF and blank lines', `\r\n${HOST}\r\n\r\n`],
    ['ECR Public', 'public.ecr.aws'],
    ['a host in capitals', HOST.toUpperCase()]
  ])('%s', async (_name, stdin) => {
    writeCacheFile([
      [KEY_ID, HOST, PASSWORD],
      [KEY_ID, 'public.ecr.aws', PASSWORD]
    ])
    const fast = cachedGet(stdin)
    const fastLog = logText()
    rmSync(logFileOf(dir))
    const full = await fullGet(stdin)

    expect(fast).toEqual({ answered: true, flushing: false, stdout: full.stdout })
    expect(full.code).toBe(0)
    expect(fast.stdout).toContain('"Secret":"pw\\u003cwith\\u003e\\u0026specials"')
    expect(fastLog).toBe(logText())
  })

  test('an entry under the legacy key of Go helpers before 0.12', () => {
    const legacyKey = Buffer.concat([
      Buffer.from(KEY_ID),
      Buffer.from('d41d8cd98f00b204e9800998ecf8427e', 'hex')
    ])
    writeFileSync(
      join(dir, 'cache.json'),
      JSON.stringify({
        Registries: {
          [`eu-west-1-${legacyKey.toString('base64')}-111111111111`]: {
            AuthorizationToken: Buffer.from('AWS:legacy').toString('base64'),
            RequestedAt: T0.toISOString(),
            ExpiresAt: new Date(T0.getTime() + 12 * HOUR).toISOString()
          }
        },
        Version: '1.0'
      })
    )
    expect(cachedGet(HOST).stdout).toBe(`{"ServerURL":"${HOST}","Username":"AWS","Secret":"legacy"}\n`)
  })
})

describe('everything else is left to the full program, with the stdin already read', () => {
  test.each<[string, () => void, NodeJS.ProcessEnv?]>([
    ['no cache file', () => {}],
    [
      'a stale entry (past half its lifetime)',
      () => writeCacheFile([[KEY_ID, HOST, 'pw', new Date(T0.getTime() - 6 * HOUR)]])
    ],
    ["another access key's entry", () => writeCacheFile([[OTHER_KEY_ID, HOST, 'pw']])],
    [
      'another registry only',
      () => writeCacheFile([[KEY_ID, '222222222222.dkr.ecr.eu-west-1.amazonaws.com', 'pw']])
    ],
    ['a corrupt cache file', () => writeFileSync(join(dir, 'cache.json'), '{"Registries": {')],
    [
      'a token that is not user:password',
      () => {
        writeCacheFile([[KEY_ID, HOST, 'pw']])
        const file = join(dir, 'cache.json')
        const text = readFileSync(file, 'utf8')
        writeFileSync(
          file,
          text.replace(Buffer.from('AWS:pw').toString('base64'), Buffer.from('AWSpw').toString('base64'))
        )
      }
    ],
    [
      'no static keys (a profile, SSO, a role: only the SDK knows the key)',
      () => writeCacheFile([[KEY_ID, HOST, 'pw']]),
      {}
    ],
    [
      'AWS_PROFILE, which makes the SDK skip the static keys',
      () => writeCacheFile([[KEY_ID, HOST, 'pw']]),
      { ...keys, AWS_PROFILE: 'other' }
    ],
    // Windows has no mode bits to make a directory writable by others.
    ...(process.platform === 'win32'
      ? []
      : [
          [
            'a cache directory others can write',
            () => (writeCacheFile([[KEY_ID, HOST, 'pw']]), chmodSync(dir, 0o777))
          ] as [string, () => void]
        ])
  ])('%s', (_name, setUp, env = keys) => {
    setUp()
    const before = readFileSync(join(dir, 'cache.json'), { flag: 'a+' }).toString()
    expect(cachedGet(`${HOST}\n`, env)).toEqual({ answered: false, stdin: `${HOST}\n`, stdout: '' })
    // Nothing repaired or logged here: the full program does that.
    expect(readFileSync(join(dir, 'cache.json'), { flag: 'a+' }).toString()).toBe(before)
    expect(() => logText()).toThrow(/ENOENT/)
  })

  test.each([['example.com'], ['']])('a server URL that is not ECR: %j', stdin => {
    writeCacheFile([[KEY_ID, HOST, 'pw']])
    expect(cachedGet(stdin)).toEqual({ answered: false, stdin, stdout: '' })
  })

  test('AWS_ECR_DISABLE_CACHE: stdin is not even read', () => {
    writeCacheFile([[KEY_ID, HOST, 'pw']])
    expect(cachedGet(HOST, { ...keys, AWS_ECR_DISABLE_CACHE: '1' })).toEqual({ answered: false, stdout: '' })
  })

  test.each([[['list']], [['version']], [['get', 'extra']], [[]]])('argv %j: stdin is not read', argv => {
    expect(cachedGet(HOST, keys, argv)).toEqual({ answered: false, stdout: '' })
  })

  test('stdin that cannot be read synchronously is left to the full program to read', () => {
    expect(cachedGet(undefined)).toEqual({ answered: false, stdout: '' })
  })
})

describe("the job's cache (credential-helper mode's launcher)", () => {
  const job = () => ({ [JOB_CACHE_VAR]: dir })

  test('serves the token the action primed, without any AWS credentials in the step', () => {
    writeCacheFile([[KEY_ID, HOST, 'primed']])
    expect(cachedGet(HOST, job())).toMatchObject({
      answered: true,
      stdout: expect.stringContaining('"Secret":"primed"')
    })
  })

  test('serves the latest-expiring entry for the registry, whichever key fetched it', () => {
    writeCacheFile([
      [KEY_ID, HOST, 'older', new Date(T0.getTime() - HOUR)],
      [OTHER_KEY_ID, HOST, 'newer']
    ])
    expect(cachedGet(HOST, { ...job(), ...keys }).stdout).toContain('"Secret":"newer"')
  })

  test('is used instead of AWS_ECR_CACHE_DIR', () => {
    writeCacheFile([[KEY_ID, HOST, 'primed']])
    const env = { ...job(), AWS_ECR_CACHE_DIR: join(dir, 'elsewhere') }
    expect(
      getFromCache(['get'], env, { readStdin: () => HOST, stdout: () => false, now: () => T0 }).answered
    ).toBe(true)
  })

  test('still leaves a stale entry to the full program', () => {
    writeCacheFile([[KEY_ID, HOST, 'primed', new Date(T0.getTime() - 7 * HOUR)]])
    expect(cachedGet(HOST, job()).answered).toBe(false)
  })
})

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiOptions, ApiTarget, AuthData, EcrApi } from '../../src/ecr/aws.js'
import { JOB_CACHE_VAR } from '../../src/helper/cache-dir.js'
import { keyHash } from '../../src/helper/cache-file.js'
import { openCache, primeCache, readCache } from '../../src/helper/cache.js'
import { CredentialsNotFound, ecrCredentials, resolveAccessKeyId } from '../../src/helper/credentials.js'
import { fileLog, logFileOf } from '../../src/helper/log.js'

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const HOUR = 60 * 60 * 1000
const T0 = new Date('2026-11-23T10:00:00Z')
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'

interface Call {
  api: ApiTarget
  ids: string[]
}

/** Answers like ECR: one entry per requested id (or the caller's default account), 12 h tokens. */
function ecrLike(password: (call: Call) => string) {
  return (call: Call, now: Date): AuthData[] => {
    const expiresAt = new Date(now.getTime() + 12 * HOUR)
    const token = Buffer.from(`AWS:${password(call)}`).toString('base64')
    if (call.api.service === 'ecr-public') return [{ authorizationToken: token, expiresAt }]
    const region = call.api.region ?? 'eu-central-1'
    return (call.ids.length ? call.ids : ['999999999999']).map(account => ({
      authorizationToken: token,
      expiresAt,
      proxyEndpoint: `https://${account}.dkr.ecr.${region}.amazonaws.com`
    }))
  }
}

function serverError(): Error {
  return Object.assign(new Error('We encountered an internal error. Please try again.'), {
    name: 'ServerException',
    $metadata: { httpStatusCode: 500 }
  })
}

let dir: string
let clock: Date
let calls: Call[]
let factoryCalls: ApiTarget[]
let respond: (call: Call, now: Date) => AuthData[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-credentials-'))
  clock = T0
  calls = []
  factoryCalls = []
  respond = ecrLike(call => `pw-${call.api.service}-${call.ids.join(',')}-${clock.toISOString()}`)
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** One helper process: a fresh cache and credentials over the shared temp dir and fake API. */
function helper(
  options: {
    env?: NodeJS.ProcessEnv
    keyId?: string | null
    deadlinesMs?: { api: number; refresh: number }
  } = {}
) {
  const env = { AWS_ECR_CACHE_DIR: dir, ...options.env }
  const keyId = options.keyId === null ? undefined : (options.keyId ?? KEY_ID)
  const accessKeyId = async () => keyId
  const log = fileLog(logFileOf(dir), () => clock)
  const ecrFor = async (api: ApiTarget, _options: ApiOptions): Promise<EcrApi> => {
    factoryCalls.push(api)
    return {
      region: api.region ?? 'eu-central-1',
      async getAuthorizationToken(ids) {
        const call = { api, ids }
        calls.push(call)
        return respond(call, clock)
      }
    }
  }
  return ecrCredentials({
    ecrFor,
    cache: openCache(env, { accessKeyId, log }),
    accessKeyId,
    env,
    now: () => clock,
    log,
    deadlinesMs: options.deadlinesMs
  })
}

const after = (ms: number) => new Date(T0.getTime() + ms)
const logText = () => readFileSync(logFileOf(dir), 'utf8')

describe('get', () => {
  test.each([
    [HOST, { service: 'ecr', region: 'eu-west-1', fips: false }, ['111111111111']],
    [`https://${HOST}/v2/repo`, { service: 'ecr', region: 'eu-west-1', fips: false }, ['111111111111']],
    [
      '222222222222.dkr.ecr-fips.us-gov-west-1.amazonaws.com',
      { service: 'ecr', region: 'us-gov-west-1', fips: true },
      ['222222222222']
    ],
    [
      '333333333333.dkr-ecr.ap-south-1.on.aws',
      { service: 'ecr', region: 'ap-south-1', fips: false },
      ['333333333333']
    ],
    ['public.ecr.aws', { service: 'ecr-public', region: 'us-east-1', fips: false }, []],
    ['ecr-public.aws.com', { service: 'ecr-public', region: 'us-east-1', fips: false }, []]
  ])('%s asks %j for registryIds %j', async (serverUrl, api, ids) => {
    const creds = await helper().get(serverUrl)
    expect(creds.username).toBe('AWS')
    expect(calls).toEqual([{ api, ids }])
  })

  test.each(['example.com', 'index.docker.io', '111111111111.dkr.ecr.eu-west-1.amazonaws.com.evil.com', ''])(
    '%j is not ECR: not found, and no AWS call',
    async serverUrl => {
      await expect(helper().get(serverUrl)).rejects.toThrow(CredentialsNotFound)
      expect(factoryCalls).toEqual([])
    }
  )

  test('a cache hit answers without making an API client at all', async () => {
    const first = await helper().get(HOST)
    factoryCalls.length = 0
    clock = after(HOUR)

    expect(await helper().get(`https://${HOST}`)).toEqual(first)
    expect(factoryCalls).toEqual([])
  })

  test('a 12 h token is served from the cache until 6 h, then refreshed', async () => {
    const first = await helper().get(HOST)
    clock = after(6 * HOUR - 1)
    expect(await helper().get(HOST)).toEqual(first)
    expect(calls).toHaveLength(1)

    clock = after(6 * HOUR)
    const second = await helper().get(HOST)
    expect(second.password).not.toBe(first.password)
    expect(second.password).toContain(after(6 * HOUR).toISOString())
  })

  test('tokens are cached per region, account and access key', async () => {
    await helper().get(HOST)
    await helper().get('111111111111.dkr.ecr.us-east-1.amazonaws.com')
    await helper().get('public.ecr.aws')
    await helper({ keyId: 'AKIAI44QH8DHBEXAMPLE' }).get(HOST)
    const h = keyHash(KEY_ID)
    expect(Object.keys(readCache(dir)).sort()).toEqual(
      [
        `ecr-public-${h}`,
        `eu-west-1-${h}-111111111111`,
        `eu-west-1-${keyHash('AKIAI44QH8DHBEXAMPLE')}-111111111111`,
        `us-east-1-${h}-111111111111`
      ].sort()
    )
  })

  test('when the refresh fails (HTTP 500), the stale cached token is served and the reason logged', async () => {
    const first = await helper().get(HOST)
    clock = after(7 * HOUR)
    respond = () => {
      throw serverError()
    }

    expect(await helper().get(HOST)).toEqual(first)
    expect(logText()).toMatch(/Falling back to cached token.*ServerException.*HTTP 500/)
  })

  test('an expired cached token is never served: when the refresh fails, get fails with its error', async () => {
    await helper().get('public.ecr.aws')
    clock = after(13 * HOUR)
    respond = () => {
      throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })
    }
    await expect(helper().get('public.ecr.aws')).rejects.toThrow(CredentialsNotFound)
    expect(logText()).toMatch(
      /level=error msg="Error retrieving credentials for public.ecr.aws: The cached token had expired \(at 2026-\S+\) and could not be refreshed: .*ECONNREFUSED/
    )
    expect(logText()).not.toContain('Falling back to cached token')
  })

  test('a stale token with a minute left is still served when the refresh answers HTTP 500', async () => {
    const first = await helper().get(HOST)
    clock = after(12 * HOUR - 60_000)
    respond = () => {
      throw serverError()
    }
    expect(await helper().get(HOST)).toEqual(first)
  })

  test('an API error with nothing cached is not found, with the cause in the log only', async () => {
    respond = () => {
      throw serverError()
    }
    await expect(helper().get(HOST)).rejects.toThrow('credentials not found in native keychain')
    expect(logText()).toMatch(/level=error .*ServerException/)
  })

  test('no AWS credentials: not found, cache off, no API client made', async () => {
    await expect(helper({ keyId: null }).get(HOST)).rejects.toThrow(CredentialsNotFound)
    expect(factoryCalls).toEqual([])
    expect(readdirSync(dir)).toEqual(['log'])
  })

  test('with AWS_ECR_DISABLE_CACHE every get calls the API and nothing is written', async () => {
    const env = { AWS_ECR_DISABLE_CACHE: '1' }
    await helper({ env }).get(HOST)
    await helper({ env }).get(HOST)
    expect(calls).toHaveLength(2)
    expect(readdirSync(dir)).toEqual(['log'])
  })

  test('a corrupt cache file is replaced by a good one', async () => {
    writeFileSync(join(dir, 'cache.json'), 'not json')
    await helper().get(HOST)
    expect(Object.keys(readCache(dir))).toEqual([`eu-west-1-${keyHash(KEY_ID)}-111111111111`])
  })

  test('the log never contains the password or the token', async () => {
    respond = ecrLike(() => 'S3cr3t-P@ss:word')
    await helper().get(HOST)
    clock = after(7 * HOUR)
    respond = () => {
      throw new Error('upstream echoed S3cr3t-P@ss:word and QVdTOlMzY3IzdC1QQHNzOndvcmQ=')
    }
    await helper().get(HOST)

    const text = logText()
    expect(text).toContain('Falling back to cached token')
    expect(text).not.toContain('S3cr3t-P@ss:word')
    expect(text).not.toContain(Buffer.from('AWS:S3cr3t-P@ss:word').toString('base64'))
  })
})

describe('an ECR API that accepts and never answers', () => {
  const deadlinesMs = { api: 300, refresh: 100 }
  const silent = () => new Promise<never>(() => {}) as unknown as AuthData[]

  test('with a stale token cached, the wait is bounded and that token is served', async () => {
    const first = await helper().get(HOST)
    clock = after(7 * HOUR)
    respond = silent
    const started = Date.now()
    expect(await helper({ deadlinesMs }).get(HOST)).toEqual(first)
    expect(Date.now() - started).toBeLessThan(deadlinesMs.api)
    expect(logText()).toMatch(/Falling back to cached token.*ECR did not answer for .* within 0.1 s/)
  })

  test('with nothing cached, it is not found after the deadline, with the reason in the log', async () => {
    respond = silent
    await expect(helper({ deadlinesMs }).get('public.ecr.aws')).rejects.toThrow(CredentialsNotFound)
    expect(logText()).toMatch(/level=error .*ECR Public did not answer for public.ecr.aws within 0.3 s/)
  })

  test('list is bounded too', async () => {
    respond = silent
    expect(await helper({ deadlinesMs }).list()).toEqual({})
  })
})

describe("the job's cache (credential-helper mode)", () => {
  const job = () => ({ [JOB_CACHE_VAR]: dir })

  test('a later step without AWS credentials is served the token the action primed, with no API call', async () => {
    await primeCache(
      dir,
      KEY_ID,
      [{ host: HOST, username: 'AWS', password: 'primed', expiresAt: after(12 * HOUR) }],
      T0
    )
    clock = after(5 * HOUR)
    expect(await helper({ env: job(), keyId: null }).get(HOST)).toEqual({
      username: 'AWS',
      password: 'primed'
    })
    expect(factoryCalls).toEqual([])
  })

  test('... and once it is stale, still served until it expires: there are no credentials to refresh it with', async () => {
    await primeCache(
      dir,
      KEY_ID,
      [{ host: HOST, username: 'AWS', password: 'primed', expiresAt: after(12 * HOUR) }],
      T0
    )
    clock = after(11 * HOUR)
    expect(await helper({ env: job(), keyId: null }).get(HOST)).toEqual({
      username: 'AWS',
      password: 'primed'
    })
    expect(factoryCalls).toEqual([])
  })

  test('... but not once it has expired: no credentials to refresh it, and it is not found', async () => {
    await primeCache(
      dir,
      KEY_ID,
      [{ host: HOST, username: 'AWS', password: 'primed', expiresAt: after(12 * HOUR) }],
      T0
    )
    clock = after(12 * HOUR + 1)
    await expect(helper({ env: job(), keyId: null }).get(HOST)).rejects.toThrow(CredentialsNotFound)
    expect(logText()).toMatch(
      /The cached token had expired .* could not be refreshed: No AWS credentials were found/
    )
  })

  test('a step with other credentials refreshes a stale token with them, into the same cache', async () => {
    await primeCache(
      dir,
      KEY_ID,
      [{ host: HOST, username: 'AWS', password: 'primed', expiresAt: after(12 * HOUR) }],
      T0
    )
    clock = after(7 * HOUR)
    const other = 'AKIAI44QH8DHBEXAMPLE'
    const refreshed = await helper({ env: job(), keyId: other }).get(HOST)
    expect(refreshed.password).toContain(clock.toISOString())
    expect(Object.keys(readCache(dir)).sort()).toEqual(
      [`eu-west-1-${keyHash(KEY_ID)}-111111111111`, `eu-west-1-${keyHash(other)}-111111111111`].sort()
    )
    // Now the newest token for the registry, whichever step's credentials asked for it.
    expect(await helper({ env: job(), keyId: null }).get(HOST)).toEqual(refreshed)
  })
})

describe('list', () => {
  test('no credentials: empty, and no API client made', async () => {
    expect(await helper({ keyId: null }).list()).toEqual({})
    expect(factoryCalls).toEqual([])
  })

  test('the default registry, ECR Public and every cache entry', async () => {
    await helper().get('444444444444.dkr.ecr.ap-south-1.amazonaws.com')
    calls.length = 0

    expect(await helper().list()).toEqual({
      'https://999999999999.dkr.ecr.eu-central-1.amazonaws.com': 'AWS',
      'https://444444444444.dkr.ecr.ap-south-1.amazonaws.com': 'AWS',
      'https://public.ecr.aws': 'AWS'
    })
    expect(calls).toEqual(
      expect.arrayContaining([
        { api: { service: 'ecr', fips: false }, ids: [] },
        { api: { service: 'ecr-public', region: 'us-east-1', fips: false }, ids: [] }
      ])
    )
  })

  test('API failures are ignored: the cache entries are still listed', async () => {
    await helper().get(HOST)
    respond = () => {
      throw serverError()
    }
    clock = after(7 * HOUR)
    expect(await helper().list()).toEqual({ [`https://${HOST}`]: 'AWS' })
  })
})

describe('resolveAccessKeyId', () => {
  test('reads static keys from the environment without the SDK', async () => {
    expect(
      await resolveAccessKeyId({ AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG' })
    ).toBe(KEY_ID)
  })
})

describe('the host in the API’s answer', () => {
  test.each([
    ['another account', 'https://222222222222.dkr.ecr.eu-west-1.amazonaws.com'],
    ['another region', 'https://111111111111.dkr.ecr.us-east-1.amazonaws.com'],
    ['an option', 'https://--help']
  ])('an answer naming %s is neither cached nor handed out', async (_why, proxyEndpoint) => {
    respond = () => [{ authorizationToken: Buffer.from('AWS:planted').toString('base64'), proxyEndpoint }]
    await expect(helper().get(HOST)).rejects.toBeInstanceOf(CredentialsNotFound)
    const log = readFileSync(logFileOf(dir), 'utf8')
    expect(log).toContain('The ECR API returned an unexpected registry endpoint')
    expect(log).toContain(proxyEndpoint)
    expect(await helper().list()).not.toHaveProperty(proxyEndpoint)
  })
})

import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiOptions, ApiTarget, EcrApi } from '../../src/ecr/aws.js'
import { openCache } from '../../src/helper/cache.js'
import { goJson, payload, runCli } from '../../src/helper/cli.js'
import { ecrCredentials } from '../../src/helper/credentials.js'
import { fileLog, logFileOf } from '../../src/helper/log.js'

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const T0 = new Date('2026-11-23T10:00:00Z')
const HOST = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'
const NOT_FOUND = 'credentials not found in native keychain\n'
const USAGE = 'Usage: docker-credential-ecr-login <store|get|erase|list|version>\n'

let dir: string
let password: string
let made: ApiTarget[]

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-cli-'))
  password = 'pw'
  made = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the protocol once, as one helper process would, with a fake ECR that always answers. */
async function run(
  argv: string[],
  stdin = '',
  extraEnv: NodeJS.ProcessEnv = {},
  keyId: string | null = KEY_ID
) {
  const env = { AWS_ECR_CACHE_DIR: dir, ...extraEnv }
  const log = fileLog(logFileOf(dir), () => T0)
  const accessKeyId = async () => keyId ?? undefined
  const ecrFor = async (api: ApiTarget, _options: ApiOptions): Promise<EcrApi> => {
    made.push(api)
    return {
      region: api.region ?? 'eu-central-1',
      async getAuthorizationToken(ids) {
        const authorizationToken = Buffer.from(`AWS:${password}`).toString('base64')
        const expiresAt = new Date(T0.getTime() + 12 * 60 * 60 * 1000)
        if (api.service === 'ecr-public') return [{ authorizationToken, expiresAt }]
        return (ids.length ? ids : ['999999999999']).map(account => ({
          authorizationToken,
          expiresAt,
          proxyEndpoint: `https://${account}.dkr.ecr.${api.region ?? 'eu-central-1'}.amazonaws.com`
        }))
      }
    }
  }
  let stdout = ''
  let stdinRead = false
  const code = await runCli({
    argv,
    readStdin: async () => {
      stdinRead = true
      return stdin
    },
    stdout: text => (stdout += text),
    env,
    version: '1.2.3',
    log,
    credentials: ecrCredentials({
      ecrFor,
      cache: openCache(env, { accessKeyId, log }),
      accessKeyId,
      env,
      now: () => T0,
      log
    })
  })
  return { stdout, code, stdinRead }
}

const IGNORE = { AWS_ECR_IGNORE_CREDS_STORAGE: 'true' }
const STORE_INPUT = JSON.stringify({ ServerURL: HOST, Username: 'AWS', Secret: 'x' })

describe('golden stdout and exit code', () => {
  test.each<[string, string[], string, NodeJS.ProcessEnv, string, number]>([
    ['version', ['version'], '', {}, 'docker-credential-ecr-login (ecr-login) 1.2.3\n', 0],
    ['-v', ['-v'], '', {}, 'docker-credential-ecr-login (ecr-login) 1.2.3\n', 0],
    ['--version', ['--version'], '', {}, 'docker-credential-ecr-login (ecr-login) 1.2.3\n', 0],
    ['--help', ['--help'], '', {}, USAGE, 0],
    ['no action', [], '', {}, USAGE, 1],
    ['two arguments', ['get', 'extra'], HOST, {}, USAGE, 1],
    ['an unknown action', ['fetch'], '', {}, 'docker-credential-ecr-login: unknown action: fetch\n', 1],
    [
      'get, private registry',
      ['get'],
      `${HOST}\n`,
      {},
      `{"ServerURL":"${HOST}","Username":"AWS","Secret":"pw"}\n`,
      0
    ],
    [
      'get, server URL with scheme and path kept as given',
      ['get'],
      `https://${HOST}/v2/\n`,
      {},
      `{"ServerURL":"https://${HOST}/v2/","Username":"AWS","Secret":"pw"}\n`,
      0
    ],
    [
      'get, CRLF lines joined and trimmed',
      ['get'],
      `  https://${HOST}\r\n`,
      {},
      `{"ServerURL":"https://${HOST}","Username":"AWS","Secret":"pw"}\n`,
      0
    ],
    [
      'get, ECR Public',
      ['get'],
      'public.ecr.aws',
      {},
      '{"ServerURL":"public.ecr.aws","Username":"AWS","Secret":"pw"}\n',
      0
    ],
    ['get, not an ECR host', ['get'], 'https://index.docker.io/v1/\n', {}, NOT_FOUND, 1],
    ['get, empty input', ['get'], '', {}, 'no credentials server URL\n', 1],
    ['get, blank lines only', ['get'], ' \n\r\n', {}, 'no credentials server URL\n', 1],
    ['store', ['store'], STORE_INPUT, {}, 'not implemented\n', 1],
    ['store, AWS_ECR_IGNORE_CREDS_STORAGE=true', ['store'], STORE_INPUT, IGNORE, '', 0],
    [
      'store, AWS_ECR_IGNORE_CREDS_STORAGE=TRUE',
      ['store'],
      STORE_INPUT,
      { AWS_ECR_IGNORE_CREDS_STORAGE: 'TRUE' },
      'not implemented\n',
      1
    ],
    [
      'store, AWS_ECR_IGNORE_CREDS_STORAGE=1',
      ['store'],
      STORE_INPUT,
      { AWS_ECR_IGNORE_CREDS_STORAGE: '1' },
      'not implemented\n',
      1
    ],
    [
      'store without ServerURL',
      ['store'],
      '{"Username":"AWS","Secret":"x"}',
      IGNORE,
      'no credentials server URL\n',
      1
    ],
    ['store without Username', ['store'], `{"ServerURL":"${HOST}"}`, IGNORE, 'no credentials username\n', 1],
    [
      'store, lower-case field names (Go matches them)',
      ['store'],
      `{"serverurl":"${HOST}","username":"AWS"}`,
      IGNORE,
      '',
      0
    ],
    ['erase', ['erase'], HOST, {}, 'not implemented\n', 1],
    ['erase, AWS_ECR_IGNORE_CREDS_STORAGE=true', ['erase'], HOST, IGNORE, '', 0],
    ['erase, empty input', ['erase'], '', IGNORE, 'no credentials server URL\n', 1]
  ])('%s', async (_name, argv, stdin, env, stdout, code) => {
    expect(await run(argv, stdin, env)).toMatchObject({ stdout, code })
  })

  test('store with input that is not JSON fails with the parse error', async () => {
    const { stdout, code } = await run(['store'], 'garbage', IGNORE)
    expect(code).toBe(1)
    expect(stdout).toMatch(/JSON/)
    expect(stdout.endsWith('\n')).toBe(true)
  })

  test('get for a host that is not ECR makes no API client', async () => {
    await run(['get'], 'registry.example.com')
    expect(made).toEqual([])
  })

  test('get without AWS credentials is not found, and makes no API client', async () => {
    expect(await run(['get'], HOST, {}, null)).toMatchObject({ stdout: NOT_FOUND, code: 1 })
    expect(made).toEqual([])
  })

  test('version and list never read stdin, which may be a terminal', async () => {
    expect((await run(['version'])).stdinRead).toBe(false)
    expect((await run(['list'])).stdinRead).toBe(false)
  })

  test('a second get is a cache hit: same answer, no API client', async () => {
    const first = await run(['get'], HOST)
    made.length = 0
    password = 'changed'
    expect(await run(['get'], `https://${HOST}`)).toMatchObject({
      stdout: `{"ServerURL":"https://${HOST}","Username":"AWS","Secret":"pw"}\n`,
      code: 0
    })
    expect(first.code).toBe(0)
    expect(made).toEqual([])
  })

  test('list: without credentials {}', async () => {
    expect(await run(['list'], '', {}, null)).toMatchObject({ stdout: '{}\n', code: 0 })
  })

  test('list: default registry, ECR Public and cache entries, keys sorted', async () => {
    await run(['get'], '444444444444.dkr.ecr.ap-south-1.amazonaws.com')
    expect(await run(['list'])).toMatchObject({
      stdout:
        '{"https://444444444444.dkr.ecr.ap-south-1.amazonaws.com":"AWS",' +
        '"https://999999999999.dkr.ecr.eu-central-1.amazonaws.com":"AWS",' +
        '"https://public.ecr.aws":"AWS"}\n',
      code: 0
    })
  })

  test('list with AWS_ECR_DISABLE_CACHE still names the registries it could get', async () => {
    expect(await run(['list'], '', { AWS_ECR_DISABLE_CACHE: 'true' })).toMatchObject({
      stdout:
        '{"https://999999999999.dkr.ecr.eu-central-1.amazonaws.com":"AWS","https://public.ecr.aws":"AWS"}\n',
      code: 0
    })
    expect(readdirSync(dir)).toEqual(['log'])
  })
})

describe('Go JSON escaping', () => {
  test.each([
    ['plain', 'abc', '"abc"'],
    ['HTML characters', '<a&b>', '"\\u003ca\\u0026b\\u003e"'],
    ['line and paragraph separators', 'a\u2028b\u2029c', '"a\\u2028b\\u2029c"'],
    ['quotes and backslashes', 'a"b\\c', '"a\\"b\\\\c"'],
    ['control characters', 'a\nb\tc\u0001', '"a\\nb\\tc\\u0001"'],
    ['non-ASCII kept as UTF-8', 'é€😀', '"é€😀"']
  ])('%s', (_name, value, json) => {
    expect(goJson(value)).toBe(json)
  })

  test('a password with <, > and & is escaped in get output, as the Go helper prints it', async () => {
    password = 'a<b>&c'
    expect((await run(['get'], HOST)).stdout).toBe(
      `{"ServerURL":"${HOST}","Username":"AWS","Secret":"a\\u003cb\\u003e\\u0026c"}\n`
    )
  })
})

describe('stdin payload', () => {
  test.each([
    ['a\n', 'a'],
    ['a\r\n', 'a'],
    ['  a  \n\n', 'a'],
    ['ab\ncd\n', 'abcd'],
    ['', '']
  ])('%j → %j', (stdin, expected) => {
    expect(payload(stdin)).toBe(expected)
  })
})

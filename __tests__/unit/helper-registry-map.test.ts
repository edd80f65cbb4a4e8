// The helper's registries file (AWS_ECR_REGISTRIES_FILE): aliases served with their registry's
// token, and a registry's token fetched again with its item's profile or role.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ApiOptions, ApiTarget } from '../../src/ecr/aws.js'
import type { Identity } from '../../src/ecr/identity.js'
import { keyHash } from '../../src/helper/cache-file.js'
import { openCache } from '../../src/helper/cache.js'
import { getFromCache } from '../../src/helper/cached-get.js'
import { CredentialsNotFound, ecrCredentials } from '../../src/helper/credentials.js'
import { fileLog, logFileOf } from '../../src/helper/log.js'
import { findRegistry, readRegistryMap, registryMapText } from '../../src/helper/registry-map.js'
import { posixTest } from '../support/platform.js'

const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const HOST_A = '111111111111.dkr.ecr.eu-west-1.amazonaws.com'
const HOST_B = '333333333333.dkr.ecr.us-east-1.amazonaws.com'
const ALIAS = 'registry.company.example'
const ROLE = 'arn:aws:iam::333333333333:role/ecr-push'
const T0 = new Date('2026-11-23T10:00:00Z')

let dir: string
let file: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-registry-map-'))
  file = join(dir, 'registries.json')
  writeFileSync(
    file,
    JSON.stringify([
      { registry: HOST_A, alias: ALIAS },
      { registry: HOST_B, 'role-to-assume': ROLE, 'role-session-name': 'ci' },
      { registry: 'nope.example.com' },
      'not a map'
    ]),
    { mode: 0o600 }
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const env = () => ({ AWS_ECR_CACHE_DIR: dir, AWS_ECR_REGISTRIES_FILE: file })

test('the file gives aliases and identities; items that are not registries are left out, with why', () => {
  const complaints: string[] = []
  const map = readRegistryMap(env(), message => complaints.push(message))
  expect(findRegistry(map, 'Registry.Company.Example')?.host).toBe(HOST_A)
  expect(findRegistry(map, HOST_B)?.identity).toEqual({ roleArn: ROLE, sessionName: 'ci' })
  expect(findRegistry(map, 'other.example')).toBeUndefined()
  expect(complaints).toEqual([
    `${file}: item 3 is not a registry item; it is ignored`,
    `${file}: item 4 is not a registry item; it is ignored`
  ])
})

test('what main writes reads back as the same items', () => {
  const text = registryMapText([
    {
      registry: HOST_A,
      target: { service: 'ecr', fips: false, dualStack: false, host: HOST_A, alias: ALIAS }
    },
    {
      registry: HOST_B,
      target: { service: 'ecr', fips: false, dualStack: false, host: HOST_B, identity: { profile: 'tools' } }
    }
  ])
  writeFileSync(file, text, { mode: 0o600 })
  expect(readRegistryMap(env()).map(t => [t.host, t.alias, t.identity])).toEqual([
    [HOST_A, ALIAS, undefined],
    [HOST_B, undefined, { profile: 'tools' }]
  ])
})

// Windows has no mode bits (private-files.ts checks none there).
posixTest('a file someone else can write is not read', () => {
  writeFileSync(file, '[]')
  chmodSync(file, 0o666)
  const complaints: string[] = []
  expect(readRegistryMap(env(), m => complaints.push(m))).toEqual([])
  expect(complaints[0]).toMatch(/^Could not read/)
})

describe('get', () => {
  function helper(keyId: string | undefined = KEY_ID) {
    const made: { api: ApiTarget; ids: string[]; accessKeyId?: string }[] = []
    const resolved: Identity[] = []
    const e = env()
    const log = fileLog(logFileOf(dir), () => T0)
    const credentials = ecrCredentials({
      ecrFor: async (api: ApiTarget, options: ApiOptions) => ({
        region: api.region,
        async getAuthorizationToken(ids) {
          made.push({ api, ids, accessKeyId: options.credentials?.accessKeyId })
          return ids.map(account => ({
            authorizationToken: Buffer.from(`AWS:pw-${account}`).toString('base64'),
            expiresAt: new Date(T0.getTime() + 12 * 3600_000),
            proxyEndpoint: `https://${account}.dkr.ecr.${api.region}.amazonaws.com`
          }))
        }
      }),
      cache: openCache(e, { accessKeyId: async () => keyId, log }),
      accessKeyId: async () => keyId,
      env: e,
      now: () => T0,
      log,
      registries: () => readRegistryMap(e),
      credentialsFor: async identity => {
        resolved.push(identity)
        return { accessKeyId: 'ASIATEMPORARY', secretAccessKey: 's', sessionToken: 't' }
      }
    })
    return { credentials, made, resolved }
  }

  test('an alias is served with its registry’s token, asked for that registry', async () => {
    const h = helper()
    expect(await h.credentials.get(`https://${ALIAS}`)).toEqual({
      username: 'AWS',
      password: 'pw-111111111111'
    })
    expect(h.made).toEqual([
      { api: { service: 'ecr', region: 'eu-west-1', fips: false }, ids: ['111111111111'] }
    ])
    expect(h.resolved).toEqual([])
  })

  test('a registry with a role is fetched with the role’s credentials, also without default credentials', async () => {
    const h = helper(undefined)
    expect(await h.credentials.get(HOST_B)).toEqual({ username: 'AWS', password: 'pw-333333333333' })
    expect(h.resolved).toEqual([{ roleArn: ROLE, sessionName: 'ci' }])
    expect(h.made.map(m => m.accessKeyId)).toEqual(['ASIATEMPORARY'])
  })

  test('a host in no item and not ECR is still not found', async () => {
    await expect(helper().credentials.get('other.example')).rejects.toThrow(CredentialsNotFound)
  })

  test('the warm path answers an alias from its registry’s cached entry', () => {
    const key = `eu-west-1-${keyHash(KEY_ID)}-111111111111`
    writeFileSync(
      join(dir, 'cache.json'),
      JSON.stringify({
        Registries: {
          [key]: {
            AuthorizationToken: Buffer.from('AWS:cached').toString('base64'),
            RequestedAt: T0.toISOString(),
            ExpiresAt: new Date(T0.getTime() + 12 * 3600_000).toISOString(),
            ProxyEndpoint: `https://${HOST_A}`,
            Service: 'ecr'
          }
        },
        Version: '1.0'
      }),
      { mode: 0o600 }
    )
    let stdout = ''
    const result = getFromCache(
      ['get'],
      { ...env(), AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: 'x' },
      { readStdin: () => ALIAS, stdout: text => ((stdout += text), false), now: () => T0 }
    )
    expect(result).toEqual({ answered: true, flushing: false })
    expect(JSON.parse(stdout)).toEqual({ ServerURL: ALIAS, Username: 'AWS', Secret: 'cached' })
  })
})

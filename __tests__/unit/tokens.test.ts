import { UserError } from '../../src/errors.js'
import { parseHost, type RegistryTarget } from '../../src/ecr/registry.js'
import { batches, decodeToken, fetchGrants, groupTargets } from '../../src/ecr/tokens.js'
import { endpointFor, fakeEcr, passwordFor, token } from '../support/fakes.js'

const NOW = new Date('2026-01-02T03:04:05.000Z')
const TWELVE_HOURS = 12 * 60 * 60 * 1000
const now = () => NOW

const A = '123456789012'
const B = '210987654321'
const C = '333333333333'
const host = (account: string, region: string) => `${account}.dkr.ecr.${region}.amazonaws.com`
const target = (h: string): RegistryTarget => parseHost(h)!
const byAccount = (account: string): RegistryTarget => ({
  service: 'ecr',
  account,
  fips: false,
  dualStack: false
})
const grant = (
  h: string,
  account: string,
  region: string,
  expiresAt = new Date(NOW.getTime() + TWELVE_HOURS)
) => ({
  host: h,
  username: 'AWS',
  password: passwordFor(account, region),
  expiresAt,
  region
})

describe('decodeToken', () => {
  test.each([
    ['AWS:password', 'AWS', 'password'],
    ['AWS:pass:with:colons', 'AWS', 'pass:with:colons'],
    ['AWS:eyJwYXlsb2FkIjoi:end', 'AWS', 'eyJwYXlsb2FkIjoi:end'],
    ['user:', 'user', '']
  ])('%j splits at the first colon', (pair, username, password) => {
    expect(decodeToken(Buffer.from(pair).toString('base64'))).toEqual({ username, password })
  })

  test.each([
    ['no colon', 'AWSpassword'],
    ['an empty user', ':password'],
    ['nothing', '']
  ])('a token with %s is refused', (_why, pair) => {
    expect(() => decodeToken(Buffer.from(pair).toString('base64'))).toThrow(
      new UserError('The ECR API returned an authorization token that is not user:password.')
    )
  })
})

describe('groupTargets', () => {
  test('groups by service, region and FIPS, in first-seen order; dual-stack shares its region’s API', () => {
    const east = target(host(A, 'us-east-1'))
    const west = target(host(B, 'eu-west-1'))
    const eastFips = target(`${C}.dkr.ecr-fips.us-east-1.amazonaws.com`)
    const eastDual = target(`${B}.dkr-ecr.us-east-1.on.aws`)
    const pub = target('public.ecr.aws')
    const noRegion = byAccount(C)
    const defaultRegistry: RegistryTarget = { service: 'ecr', fips: false, dualStack: false }
    expect(groupTargets([east, west, eastFips, pub, eastDual, noRegion, defaultRegistry])).toEqual([
      { api: { service: 'ecr', region: 'us-east-1', fips: false }, targets: [east, eastDual] },
      { api: { service: 'ecr', region: 'eu-west-1', fips: false }, targets: [west] },
      { api: { service: 'ecr', region: 'us-east-1', fips: true }, targets: [eastFips] },
      { api: { service: 'ecr-public', region: 'us-east-1', fips: false }, targets: [pub] },
      { api: { service: 'ecr', region: undefined, fips: false }, targets: [noRegion, defaultRegistry] }
    ])
  })
})

describe('batches', () => {
  test.each([
    [0, []],
    [1, [1]],
    [10, [10]],
    [11, [10, 1]],
    [25, [10, 10, 5]]
  ])('%i items make batches of %j', (n, sizes) => {
    const items = Array.from({ length: n }, (_, i) => i)
    const out = batches(items)
    expect(out.map(b => b.length)).toEqual(sizes)
    expect(out.flat()).toEqual(items)
  })
})

describe('fetchGrants', () => {
  test('one request per region with the accounts of that region; grants in input order', async () => {
    const ecr = fakeEcr()
    const targets = [host(A, 'us-east-1'), host(B, 'eu-west-1'), host(C, 'us-east-1')].map(target)
    const result = await fetchGrants(targets, ecr.ecrFor, { now })
    expect(result).toEqual({
      grants: [
        grant(host(A, 'us-east-1'), A, 'us-east-1'),
        grant(host(B, 'eu-west-1'), B, 'eu-west-1'),
        grant(host(C, 'us-east-1'), C, 'us-east-1')
      ],
      failures: []
    })
    expect(ecr.requests).toEqual(
      expect.arrayContaining([
        { api: { service: 'ecr', region: 'us-east-1', fips: false }, registryIds: [A, C] },
        { api: { service: 'ecr', region: 'eu-west-1', fips: false }, registryIds: [B] }
      ])
    )
    expect(ecr.requests.map(r => r.api.region).sort()).toEqual(['eu-west-1', 'us-east-1'])
  })

  test('two hosts of one account in one region share one ID, and both get a grant', async () => {
    const ecr = fakeEcr()
    const standard = host(A, 'us-east-1')
    const dualStack = `${A}.dkr-ecr.us-east-1.on.aws`
    const result = await fetchGrants([target(standard), target(dualStack)], ecr.ecrFor, { now })
    expect(ecr.requests).toEqual([
      { api: { service: 'ecr', region: 'us-east-1', fips: false }, registryIds: [A] }
    ])
    expect(result.grants).toEqual([grant(standard, A, 'us-east-1'), grant(dualStack, A, 'us-east-1')])
  })

  test('eleven accounts in one region take two requests, of ten and one IDs', async () => {
    const ecr = fakeEcr()
    const accounts = Array.from({ length: 11 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`)
    const result = await fetchGrants(
      accounts.map(a => target(host(a, 'us-west-2'))),
      ecr.ecrFor,
      { now }
    )
    expect(ecr.requests.map(r => r.registryIds).sort((x, y) => y.length - x.length)).toEqual([
      accounts.slice(0, 10),
      accounts.slice(10)
    ])
    expect(result.grants.map(g => g.host)).toEqual(accounts.map(a => host(a, 'us-west-2')))
    expect(result.failures).toEqual([])
  })

  test('account IDs without a host go to the SDK region and take the host from proxyEndpoint', async () => {
    const ecr = fakeEcr({ defaultRegion: 'eu-central-1' })
    const result = await fetchGrants([byAccount(A), byAccount(B)], ecr.ecrFor, { now })
    expect(ecr.requests).toEqual([
      { api: { service: 'ecr', region: undefined, fips: false }, registryIds: [A, B] }
    ])
    expect(result.grants).toEqual([
      grant(host(A, 'eu-central-1'), A, 'eu-central-1'),
      grant(host(B, 'eu-central-1'), B, 'eu-central-1')
    ])
  })

  test('with a default region, account IDs share one request with hosts in that region', async () => {
    const ecr = fakeEcr()
    const result = await fetchGrants([byAccount(A), target(host(B, 'us-east-1'))], ecr.ecrFor, {
      now,
      defaultRegion: 'us-east-1'
    })
    expect(ecr.requests).toEqual([
      { api: { service: 'ecr', region: 'us-east-1', fips: false }, registryIds: [A, B] }
    ])
    expect(result.grants).toEqual([
      grant(host(A, 'us-east-1'), A, 'us-east-1'),
      grant(host(B, 'us-east-1'), B, 'us-east-1')
    ])
  })

  test('the default registry is asked for with no IDs; its host comes from proxyEndpoint', async () => {
    const ecr = fakeEcr({ defaultAccount: C, defaultRegion: 'ap-south-1' })
    const result = await fetchGrants([{ service: 'ecr', fips: false, dualStack: false }], ecr.ecrFor, { now })
    expect(ecr.requests).toEqual([
      { api: { service: 'ecr', region: undefined, fips: false }, registryIds: [] }
    ])
    expect(result.grants).toEqual([grant(host(C, 'ap-south-1'), C, 'ap-south-1')])
  })

  test.each(['public.ecr.aws', 'ECR-Public.aws.com'])(
    'ECR Public (%s) is asked in us-east-1 and keeps the spelling the user gave',
    async spelling => {
      const ecr = fakeEcr()
      const result = await fetchGrants([target(spelling)], ecr.ecrFor, { now })
      expect(ecr.requests).toEqual([
        { api: { service: 'ecr-public', region: 'us-east-1', fips: false }, registryIds: [] }
      ])
      expect(result.grants).toEqual([grant(spelling, 'public', 'us-east-1')])
    }
  )

  test('FIPS hosts get their own client', async () => {
    const ecr = fakeEcr()
    const fips = `${A}.dkr.ecr-fips.us-east-1.amazonaws.com`
    const result = await fetchGrants([target(fips), target(host(B, 'us-east-1'))], ecr.ecrFor, { now })
    expect(ecr.clients).toEqual(
      expect.arrayContaining([
        { service: 'ecr', region: 'us-east-1', fips: true },
        { service: 'ecr', region: 'us-east-1', fips: false }
      ])
    )
    expect(result.grants.map(g => g.host)).toEqual([fips, host(B, 'us-east-1')])
  })

  test('a failing region is reported with its registries and region; other regions still get grants', async () => {
    const ecr = fakeEcr({
      failCall: api =>
        api.region === 'eu-west-1'
          ? Object.assign(new Error('User is not authorized to perform: ecr:GetAuthorizationToken'), {
              name: 'AccessDeniedException'
            })
          : undefined
    })
    const targets = [host(A, 'us-east-1'), host(B, 'eu-west-1'), host(C, 'eu-west-1')].map(target)
    const result = await fetchGrants(targets, ecr.ecrFor, { now })
    expect(result.grants).toEqual([grant(host(A, 'us-east-1'), A, 'us-east-1')])
    expect(result.failures).toEqual([expect.any(UserError)])
    expect(result.failures[0].message).toBe(
      `Access denied getting an ECR token for ${host(B, 'eu-west-1')}, ${host(C, 'eu-west-1')} in eu-west-1: ` +
        'User is not authorized to perform: ecr:GetAuthorizationToken'
    )
    expect(result.failures[0].hint).toContain('ecr:GetAuthorizationToken')
  })

  test('a client that cannot be made for lack of a region becomes a UserError with a region hint', async () => {
    const ecr = fakeEcr({ failClient: api => (api.region ? undefined : new Error('Region is missing')) })
    const result = await fetchGrants([byAccount(A), target(host(B, 'eu-west-1'))], ecr.ecrFor, { now })
    expect(result.grants).toEqual([grant(host(B, 'eu-west-1'), B, 'eu-west-1')])
    const [failure] = result.failures
    expect(failure).toBeInstanceOf(UserError)
    expect(failure.message).toBe(`No AWS region is set, so the ECR registry for ${A} cannot be resolved.`)
    expect(failure.hint).toMatch(/AWS_REGION/)
  })

  test('a UserError from the client factory is reported as it is', async () => {
    const cause = new UserError('AWS_CA_BUNDLE names a file that cannot be read.', 'Fix it.')
    const ecr = fakeEcr({ failClient: () => cause })
    const result = await fetchGrants([target(host(A, 'us-east-1'))], ecr.ecrFor, { now })
    expect(result).toEqual({ grants: [], failures: [cause] })
  })

  test('a network failure names the proxy the call went through', async () => {
    const ecr = fakeEcr({
      failCall: () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3128'), { code: 'ECONNREFUSED' })
    })
    const result = await fetchGrants([target(host(A, 'us-east-1'))], ecr.ecrFor, {
      now,
      proxyFor: () => 'http://user:***@proxy.example.com:3128'
    })
    expect(result.failures[0].message).toContain('through proxy http://user:***@proxy.example.com:3128')
  })

  test('entries are matched by the account in proxyEndpoint when the API returns them in another order', async () => {
    const ecr = fakeEcr({ reverseOrder: true })
    const targets = [A, B, C].map(a => target(host(a, 'us-east-1')))
    const result = await fetchGrants(targets, ecr.ecrFor, { now })
    expect(result.grants).toEqual([A, B, C].map(a => grant(host(a, 'us-east-1'), a, 'us-east-1')))
  })

  test('expiresAt from the API is kept; absent, it is 12 hours after now', async () => {
    const given = new Date('2026-01-02T09:00:00.000Z')
    const ecr = fakeEcr({ expiresAt: (_api, account) => (account === A ? given : undefined) })
    const result = await fetchGrants(
      [A, B].map(a => target(host(a, 'us-east-1'))),
      ecr.ecrFor,
      { now }
    )
    expect(result.grants.map(g => g.expiresAt.toISOString())).toEqual([
      given.toISOString(),
      '2026-01-02T15:04:05.000Z'
    ])
  })

  test('an API answer with no entries is a failure naming the registry', async () => {
    const ecrFor = async () => ({ getAuthorizationToken: async () => [] })
    const result = await fetchGrants([target(host(A, 'us-east-1'))], ecrFor, { now })
    expect(result.grants).toEqual([])
    expect(result.failures.map(f => f.message)).toEqual([
      `The ECR API returned no authorization data for ${host(A, 'us-east-1')}.`
    ])
  })

  test('an entry whose proxyEndpoint is not an ECR host is matched by request order', async () => {
    const ecrFor = async () => ({
      getAuthorizationToken: async () => [
        { authorizationToken: token('pw-a'), proxyEndpoint: 'https://vpce-1.ecr.internal' },
        { authorizationToken: token('pw-b'), proxyEndpoint: 'https://vpce-2.ecr.internal' }
      ]
    })
    const result = await fetchGrants(
      [A, B].map(a => target(host(a, 'us-east-1'))),
      ecrFor,
      { now }
    )
    expect(result.grants.map(g => [g.host, g.password])).toEqual([
      [host(A, 'us-east-1'), 'pw-a'],
      [host(B, 'us-east-1'), 'pw-b']
    ])
  })

  // Bug: when no entry names the target's account, matchGrants falls back to the entry at the
  // target's request position even if that entry's proxyEndpoint names another account, so host A
  // is handed account B's token (docker then fails with a confusing "unauthorized").
  test('a registry is never given a token whose proxyEndpoint names another account', async () => {
    const ecrFor = async () => ({
      getAuthorizationToken: async () => [
        { authorizationToken: token(passwordFor(B, 'us-east-1')), proxyEndpoint: endpointFor(B, 'us-east-1') }
      ]
    })
    const result = await fetchGrants(
      [A, B].map(a => target(host(a, 'us-east-1'))),
      ecrFor,
      { now }
    )
    expect(result.grants.filter(g => g.host === host(A, 'us-east-1'))).toEqual([])
    expect(result.failures.map(f => f.message)).toEqual([
      `The ECR API returned no authorization data for ${host(A, 'us-east-1')}.`
    ])
  })
})

describe('the host in the API’s answer', () => {
  const answering =
    (proxyEndpoint: string, region = 'us-east-1') =>
    async () => ({
      region,
      getAuthorizationToken: async () => [{ authorizationToken: token('pw'), proxyEndpoint }]
    })

  test.each([
    ['an option', 'https://--help'],
    [
      'a workflow command after a newline',
      `https://${A}.dkr.ecr.us-east-1.amazonaws.com\n::set-output name=x::y`
    ],
    ['another region', endpointFor(A, 'eu-west-1')],
    ['a region spelled with underscores', `https://${A}.dkr.ecr.us_east_1.amazonaws.com`],
    ['no ECR host', 'https://evil.example.com']
  ])(
    'for an account ID, an answer naming %s is not used; the message shows it escaped',
    async (_why, endpoint) => {
      const result = await fetchGrants([{ ...byAccount(A), region: 'us-east-1' }], answering(endpoint), {
        now
      })
      expect(result.grants).toEqual([])
      expect(result.failures).toHaveLength(1)
      const message = result.failures[0].message
      expect(message).toContain(
        `The ECR API answered for ${A} with the registry endpoint ${JSON.stringify(endpoint)}`
      )
      expect(message).toContain(`which is not account ${A}'s registry host in us-east-1, so it was not used.`)
      expect(message).not.toContain('\n')
    }
  )

  test('for the default registry, an answer that is no registry host is not used', async () => {
    const result = await fetchGrants(
      [{ service: 'ecr', fips: false, dualStack: false }],
      answering('https://--help'),
      {
        now
      }
    )
    expect(result.grants).toEqual([])
    expect(result.failures[0].message).toMatch(
      /with the registry endpoint "https:\/\/--help", which is not a registry host in us-east-1/
    )
  })

  test('a very long answer is cut in the message', async () => {
    const endpoint = `https://${'a'.repeat(5000)}.example.com`
    const result = await fetchGrants([{ ...byAccount(A), region: 'us-east-1' }], answering(endpoint), { now })
    expect(result.failures[0].message.length).toBeLessThan(500)
    expect(result.failures[0].message).toContain('(5020 characters)')
  })

  test('a host the input named is used whatever the answer says', async () => {
    const result = await fetchGrants([target(host(A, 'us-east-1'))], answering('https://--help'), { now })
    expect(result.grants.map(g => g.host)).toEqual([host(A, 'us-east-1')])
  })
})

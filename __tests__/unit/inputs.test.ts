import { UserError } from '../../src/errors.js'
import { MAX_REGISTRIES, readInputs, type Inputs } from '../../src/inputs.js'

const A = '123456789012'
const B = '210987654321'
const HOST_A = `${A}.dkr.ecr.us-east-1.amazonaws.com`
const HOST_B = `${B}.dkr.ecr.eu-west-1.amazonaws.com`

const read = (inputs: Record<string, string>): Inputs => readInputs(name => inputs[name] ?? '')

/** The UserError readInputs throws, as "message\nhint". */
function failure(inputs: Record<string, string>): string {
  try {
    read(inputs)
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    const e = error as UserError
    return e.hint ? `${e.message}\n${e.hint}` : e.message
  }
  throw new Error('readInputs accepted the inputs')
}

describe('defaults', () => {
  test('no inputs mean the default private registry, masked, with logout', () => {
    expect(read({})).toEqual({
      targets: [{ service: 'ecr', fips: false, dualStack: false }],
      registryType: 'private',
      maskPassword: true,
      httpProxy: undefined,
      skipLogout: false,
      credentialHelper: false,
      clients: 'auto',
      configScope: 'shared',
      loginRetries: 3,
      loginTimeoutSeconds: 30,
      credentialStore: 'auto',
      notices: []
    })
  })

  test('registries of only separators mean the default private registry', () => {
    expect(read({ registries: ' , \n ,' }).targets).toEqual([
      { service: 'ecr', fips: false, dualStack: false }
    ])
  })
})

describe('registries', () => {
  test.each([
    ['commas', `${A},${B}`],
    ['commas and spaces', `${A}, ${B}`],
    ['spaces only', `${A} ${B}`],
    ['newlines (a YAML block)', `${A}\n${B}\n`],
    ['tabs and CRLF', `\t${A}\r\n${B}\t`],
    ['empty entries', `,${A},,${B},`]
  ])('account IDs separated by %s are read in order', (_how, raw) => {
    expect(read({ registries: raw }).targets).toEqual([
      { service: 'ecr', account: A, fips: false, dualStack: false },
      { service: 'ecr', account: B, fips: false, dualStack: false }
    ])
  })

  test('hosts and account IDs mix, in input order', () => {
    expect(read({ registries: `${HOST_B}, ${A}, public.ecr.aws` }).targets).toEqual([
      { service: 'ecr', account: B, region: 'eu-west-1', fips: false, dualStack: false, host: HOST_B },
      { service: 'ecr', account: A, fips: false, dualStack: false },
      { service: 'ecr-public', region: 'us-east-1', fips: false, dualStack: false, host: 'public.ecr.aws' }
    ])
  })

  test('a host with https:// or a trailing slash is read as the bare host', () => {
    expect(read({ registries: `https://${HOST_A}/` }).targets.map(t => t.host)).toEqual([HOST_A])
  })

  test('duplicates are dropped, the first spelling and position kept', () => {
    const targets = read({
      registries: `${A}, ${HOST_B}, ${A}, ${HOST_B.toUpperCase()}, https://${HOST_B}, ${HOST_A}`
    }).targets
    expect(targets.map(t => t.host ?? t.account)).toEqual([A, HOST_B, HOST_A])
  })

  test('an 11-digit ID names the input and value and says to quote it with its leading 0', () => {
    const message = failure({ registries: `${A}, 12345678901` })
    expect(message).toContain("'registries'")
    expect(message).toContain("'12345678901'")
    expect(message).toContain('12-digit')
    expect(message).toMatch(/quote/i)
    expect(message).toContain("'012345678901'")
  })

  test('a 13-digit ID names the value and the 12-digit rule', () => {
    const message = failure({ registries: '1234567890123' })
    expect(message).toContain("'1234567890123'")
    expect(message).toContain('12 digits')
  })

  test('an entry that is not ECR names the input and value and lists the accepted forms', () => {
    const message = failure({ registries: 'registry-1.docker.io' })
    expect(message).toContain("Invalid input for 'registries': 'registry-1.docker.io'")
    expect(message).toContain('123456789012.dkr.ecr.eu-west-1.amazonaws.com')
    expect(message).toContain('public.ecr.aws')
    expect(message).toContain('dual-stack')
  })

  test.each([
    ['a look-alike host', `${HOST_A}.evil.example`],
    ['an 11-digit account in a host', '12345678901.dkr.ecr.us-east-1.amazonaws.com']
  ])('%s is refused', (_why, entry) => {
    expect(failure({ registries: entry })).toContain(`'${entry}' is neither`)
  })

  test('an http:// entry is refused with a hint to use the host or https://', () => {
    const message = failure({ registries: `http://${HOST_A}` })
    expect(message).toContain(`'http://${HOST_A}'`)
    expect(message).toMatch(/https only/)
    expect(message).toContain('https://')
  })

  test('a repository path is refused with the bare host as the fix', () => {
    const message = failure({ registries: `${HOST_A}/my-app` })
    expect(message).toContain(`'${HOST_A}/my-app' is not a registry host`)
    expect(message).toContain(`e.g. '${HOST_A}'`)
  })

  test('a port is refused with a hint to remove it', () => {
    const message = failure({ registries: `${HOST_A}:443` })
    expect(message).toContain(`'${HOST_A}:443' has a port`)
    expect(message).toContain('Remove the port')
  })
})

describe('long and misspelt values', () => {
  test('a region spelled with underscores in a host fails the input check, naming the region', () => {
    expect(failure({ registries: `${A}.dkr.ecr.us_east_1.amazonaws.com` })).toBe(
      `Invalid input for 'registries': '${A}.dkr.ecr.us_east_1.amazonaws.com' names the region 'us_east_1', which is not an AWS region code.\n` +
        'Region codes are lower-case letters, digits and hyphens, e.g. us-east-1 in 123456789012.dkr.ecr.us-east-1.amazonaws.com.'
    )
  })

  test.each([
    ['registries', { registries: `${'x'.repeat(5000)}.example.com` }],
    ['registries', { registries: `${A}.dkr.ecr.${'a'.repeat(5000)}.amazonaws.com/repo` }],
    ['mask-password', { 'mask-password': 'y'.repeat(5000) }],
    ['login-timeout', { 'login-timeout': '9'.repeat(5000) }],
    ['container-cli', { 'container-cli': 'z'.repeat(5000) }],
    ['docker-config', { 'docker-config': 'z'.repeat(5000) }],
    ['http-proxy', { 'http-proxy': `socks5://${'p'.repeat(5000)}` }]
  ])('a 5000-character %s value is cut in the message', (name, inputs) => {
    const message = failure(inputs)
    expect(message).toContain(`'${name}'`)
    expect(message.length).toBeLessThan(1200)
    expect(message).toMatch(/… \(\d+ characters\)/)
  })
})

describe('registry-type', () => {
  test.each([
    ['private', 'private'],
    ['Private', 'private'],
    [' PRIVATE ', 'private'],
    ['public', 'public'],
    ['PUBLIC', 'public'],
    ['', 'private']
  ])('%j is %s', (raw, type) => {
    expect(read({ 'registry-type': raw }).registryType).toBe(type)
  })

  test.each(['ecr', 'publik', 'private,public'])('%j fails with the reference message', raw => {
    expect(failure({ 'registry-type': raw })).toBe(
      "Invalid input for 'registry-type', possible options are [private, public]"
    )
  })

  test('public logs into public.ecr.aws', () => {
    expect(read({ 'registry-type': 'public' }).targets).toEqual([
      { service: 'ecr-public', region: 'us-east-1', fips: false, dualStack: false, host: 'public.ecr.aws' }
    ])
  })

  test('public ignores registries, even invalid ones, with a notice', () => {
    const inputs = read({ 'registry-type': 'public', registries: `${A}, not-a-registry` })
    expect(inputs.targets.map(t => t.host)).toEqual(['public.ecr.aws'])
    expect(inputs.notices).toEqual(["'registries' is ignored when 'registry-type' is public."])
  })
})

describe('booleans', () => {
  test.each([
    ['mask-password', 'maskPassword', true],
    ['skip-logout', 'skipLogout', false],
    ['credential-helper', 'credentialHelper', false]
  ] as const)(
    '%s (%s): empty is the default, %s; true and false are read in any case',
    (name, key, fallback) => {
      expect(read({ [name]: '' })[key]).toBe(fallback)
      expect(read({ [name]: '  ' })[key]).toBe(fallback)
      for (const raw of ['true', 'TRUE', 'True', ' true ']) expect(read({ [name]: raw })[key]).toBe(true)
      for (const raw of ['false', 'FALSE', 'False', ' false\n'])
        expect(read({ [name]: raw })[key]).toBe(false)
    }
  )

  test.each([
    ['mask-password', 'flase'],
    ['mask-password', 'no'],
    ['skip-logout', 'yes'],
    ['skip-logout', '1'],
    ['credential-helper', 'on']
  ])('%s: %j is an error naming the input and value', (name, raw) => {
    const message = failure({ [name]: raw })
    expect(message).toContain(`'${name}'`)
    expect(message).toContain(`'${raw}'`)
    expect(message).toMatch(/true or false/)
  })
})

describe('login-retries and login-timeout', () => {
  test.each([
    [{ 'login-retries': '0' }, 0, 30],
    [{ 'login-retries': ' 10 ' }, 10, 30],
    [{ 'login-timeout': '1' }, 3, 1],
    [{ 'login-timeout': '3600' }, 3, 3600],
    [{ 'login-retries': '', 'login-timeout': '' }, 3, 30]
  ])('%j reads as %d retries of %d s', (inputs, retries, seconds) => {
    const { loginRetries, loginTimeoutSeconds } = read(inputs)
    expect([loginRetries, loginTimeoutSeconds]).toEqual([retries, seconds])
  })

  test.each([
    ['login-retries', '-1', 'from 0 to 10'],
    ['login-retries', '1.5', 'from 0 to 10'],
    ['login-retries', 'three', 'from 0 to 10'],
    ['login-retries', '11', 'from 0 to 10'],
    ['login-timeout', '0', 'from 1 to 3600'],
    ['login-timeout', '3601', 'from 1 to 3600'],
    ['login-timeout', '30s', 'from 1 to 3600'],
    ['login-timeout', '1e3', 'from 1 to 3600'],
    ['login-timeout', '-5', 'from 1 to 3600']
  ])('%s: %j names the input, the value and the valid range', (name, value, range) => {
    const message = failure({ [name]: value })
    expect(message).toContain(`'${name}'`)
    expect(message).toContain(`'${value}'`)
    expect(message).toContain(`a whole number ${range}`)
  })
})

describe('http-proxy', () => {
  test.each(['http://proxy.example.com:3128', 'https://proxy.example.com', 'http://user:pass@10.0.0.1:3128'])(
    '%s is accepted as given',
    raw => {
      expect(read({ 'http-proxy': ` ${raw} ` }).httpProxy).toBe(raw)
    }
  )

  test('empty means no proxy input', () => {
    expect(read({ 'http-proxy': ' ' }).httpProxy).toBeUndefined()
  })

  test.each(['proxy.example.com:3128', 'socks5://proxy.example.com:1080', 'ftp://proxy', 'http://'])(
    '%s is refused with an example of a valid URL',
    raw => {
      const message = failure({ 'http-proxy': raw })
      expect(message).toContain("Invalid input for 'http-proxy'")
      expect(message).toContain('is not an http(s) URL')
      expect(message).toContain('http://proxy.example.com:3128')
    }
  )

  test.each([
    'socks5://user:s3cret-pw@proxy.example.com:1080',
    'http://user:s3cret-pw@',
    'ftp://:s3cret-pw@proxy'
  ])('an invalid proxy with a password (%s) is not echoed with the password', raw => {
    const message = failure({ 'http-proxy': raw })
    expect(message).toContain("Invalid input for 'http-proxy'")
    expect(message).not.toContain('s3cret-pw')
  })

  // Bug: the redaction only looks for `//user:pass@`, so a value written without a scheme is
  // echoed whole, password included.
  test('an invalid proxy without a scheme is not echoed with its password', () => {
    const message = failure({ 'http-proxy': 'user:s3cret-pw@proxy.example.com:3128' })
    expect(message).toContain("Invalid input for 'http-proxy'")
    expect(message).not.toContain('s3cret-pw')
  })

  // Bug: the redaction stopped at the first `/`, so a password containing one was echoed whole.
  test.each(['http://user:pa/ss@proxy.example.com:3128', 'user:pa/ss@proxy.example.com:3128'])(
    'a proxy whose password has an unencoded / (%s) is refused without echoing it',
    raw => {
      const message = failure({ 'http-proxy': raw })
      expect(message).toContain("Invalid input for 'http-proxy'")
      expect(message).toContain('user:***@proxy.example.com:3128')
      expect(message).not.toContain('pa/ss')
    }
  )
})

describe('container-cli', () => {
  test.each([
    ['', 'auto'],
    ['auto', 'auto'],
    [' AUTO ', 'auto'],
    ['docker', ['docker']],
    ['Podman', ['podman']],
    ['buildah, docker', ['buildah', 'docker']],
    ['skopeo podman\nskopeo', ['skopeo', 'podman']]
  ])('%j reads as %j', (raw, clients) => {
    expect(read({ 'container-cli': raw }).clients).toEqual(clients)
  })

  test('an unknown client names the input, the value and the valid clients', () => {
    expect(failure({ 'container-cli': 'docker, nerdctl' })).toBe(
      "Invalid input for 'container-cli': 'docker, nerdctl' names 'nerdctl', which is not a client; " +
        'use auto, or one or more of docker, podman, buildah, skopeo separated by commas.'
    )
  })

  test('auto cannot be mixed with names', () => {
    expect(failure({ 'container-cli': 'auto,docker' })).toMatch(
      /^Invalid input for 'container-cli': 'auto,docker' mixes auto with client names; use auto, or/
    )
  })

  test('with credential-helper a named client is ignored, with a notice', () => {
    const inputs = read({ 'container-cli': 'podman', 'credential-helper': 'true' })
    expect(inputs.notices).toEqual([
      "'container-cli' is ignored when 'credential-helper' is true: no client logs in."
    ])
  })
})

describe('docker-config', () => {
  test.each([
    ['', 'shared'],
    ['shared', 'shared'],
    ['Job', 'job'],
    [' job ', 'job']
  ])('%j reads as %s', (raw, scope) => {
    expect(read({ 'docker-config': raw }).configScope).toBe(scope)
  })

  test('anything else names the input, the value and the valid values', () => {
    expect(failure({ 'docker-config': 'per-job' })).toBe(
      "Invalid input for 'docker-config': 'per-job' is not valid; use shared (the user's config) or job (a config for this job only)."
    )
  })
})

describe('credential-store', () => {
  test.each([
    ['', 'auto'],
    ['auto', 'auto'],
    ['Store', 'store'],
    [' file ', 'file']
  ])('%j reads as %s', (raw, mode) => {
    expect(read({ 'credential-store': raw }).credentialStore).toBe(mode)
  })

  test('anything else names the input, the value and the valid values', () => {
    expect(failure({ 'credential-store': 'keychain' })).toBe(
      "Invalid input for 'credential-store': 'keychain' is not valid; use auto (the store docker would use, else the config file), store (that store only) or file (the config file)."
    )
  })

  test('with credential-helper it is noted as ignored', () => {
    expect(read({ 'credential-store': 'file', 'credential-helper': 'true' }).notices).toEqual([
      "'credential-store' is ignored when 'credential-helper' is true: no token is stored."
    ])
  })
})

describe('how many registries', () => {
  test(`${MAX_REGISTRIES} are taken; one more is an input error naming the count and the limit, before any call`, () => {
    const ids = (n: number) => Array.from({ length: n }, (_, i) => String(100000000000 + i))
    expect(read({ registries: ids(MAX_REGISTRIES).join(',') }).targets).toHaveLength(MAX_REGISTRIES)
    expect(failure({ registries: ids(MAX_REGISTRIES + 1).join(',') })).toBe(
      `Invalid input for 'registries': it names ${MAX_REGISTRIES + 1} registries; at most ${MAX_REGISTRIES} are allowed in one step.\nSplit the registries over several steps of this action.`
    )
  })
})

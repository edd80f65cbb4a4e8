import { UserError } from '../../src/errors.js'
import { bypassed, proxyFor } from '../../src/ecr/proxy.js'

const API = 'https://api.ecr.us-east-1.amazonaws.com'
const INPUT = 'http://input-proxy:3128'
const LOWER = 'http://lower-proxy:3128'
const UPPER = 'http://upper-proxy:3128'
const PLAIN = 'http://plain-proxy:3128'

describe('proxyFor', () => {
  test.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['no proxy variables: direct', {}, undefined],
    ['HTTPS_PROXY for https', { HTTPS_PROXY: UPPER }, UPPER],
    ['https_proxy for https', { https_proxy: LOWER }, LOWER],
    ['https_proxy wins over HTTPS_PROXY', { https_proxy: LOWER, HTTPS_PROXY: UPPER }, LOWER],
    ['HTTP_PROXY when no HTTPS_PROXY is set', { HTTP_PROXY: PLAIN }, PLAIN],
    ['http_proxy when no HTTPS_PROXY is set', { http_proxy: PLAIN }, PLAIN],
    ['HTTPS_PROXY wins over HTTP_PROXY for https', { HTTPS_PROXY: UPPER, HTTP_PROXY: PLAIN }, UPPER],
    ['HTTPS_PROXY wins over a lower-case http_proxy', { HTTPS_PROXY: UPPER, http_proxy: PLAIN }, UPPER],
    ['a blank HTTPS_PROXY falls back to HTTP_PROXY', { HTTPS_PROXY: '  ', HTTP_PROXY: PLAIN }, PLAIN],
    ['a value is trimmed', { HTTPS_PROXY: ` ${UPPER}\n` }, UPPER]
  ])('https URL, %s', (_why, env, expected) => {
    expect(proxyFor(API, { env })).toBe(expected)
  })

  test.each<[string, NodeJS.ProcessEnv, string | undefined]>([
    ['HTTP_PROXY', { HTTP_PROXY: PLAIN }, PLAIN],
    ['http_proxy wins over HTTP_PROXY', { http_proxy: LOWER, HTTP_PROXY: PLAIN }, LOWER],
    ['HTTPS_PROXY is not used', { HTTPS_PROXY: UPPER }, undefined],
    ['HTTPS_PROXY is ignored beside HTTP_PROXY', { HTTPS_PROXY: UPPER, HTTP_PROXY: PLAIN }, PLAIN]
  ])('http URL, %s', (_why, env, expected) => {
    expect(proxyFor('http://169.254.169.254/latest', { env })).toBe(expected)
  })

  test('the http-proxy input wins over every variable', () => {
    const env = { https_proxy: LOWER, HTTPS_PROXY: UPPER, HTTP_PROXY: PLAIN }
    expect(proxyFor(API, { input: INPUT, env })).toBe(INPUT)
    expect(proxyFor('http://example.com', { input: INPUT, env })).toBe(INPUT)
  })

  test('the http-proxy input is used for every API call, as in the reference action', () => {
    expect(proxyFor(API, { input: INPUT, env: { NO_PROXY: '*' } })).toBe(INPUT)
  })

  test('NO_PROXY turns a variable proxy off for a host it covers', () => {
    expect(proxyFor(API, { env: { HTTPS_PROXY: UPPER, NO_PROXY: '.amazonaws.com' } })).toBeUndefined()
    expect(proxyFor(API, { env: { HTTPS_PROXY: UPPER, no_proxy: 'amazonaws.com' } })).toBeUndefined()
    expect(proxyFor(API, { env: { HTTPS_PROXY: UPPER, NO_PROXY: 'example.com' } })).toBe(UPPER)
  })

  test('accepts a URL object', () => {
    expect(proxyFor(new URL(API), { env: { HTTPS_PROXY: UPPER } })).toBe(UPPER)
  })
})

// Bug: proxies from the environment were used unchecked: a socks5:// proxy was spoken to as an
// HTTP proxy, and a password with an unencoded `/` ended in 'Invalid URL' after being printed whole.
describe('proxies from the environment are checked like the input', () => {
  /** The UserError proxyFor throws for `env`. */
  function refusal(env: NodeJS.ProcessEnv): UserError {
    let thrown: unknown
    try {
      proxyFor(API, { env })
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UserError)
    return thrown as UserError
  }

  test.each<[string, NodeJS.ProcessEnv, string]>([
    ['HTTPS_PROXY', { HTTPS_PROXY: 'socks5://user:s3cret@proxy:1080' }, 'HTTPS_PROXY'],
    ['https_proxy', { https_proxy: 'socks5h://user:s3cret@proxy:1080' }, 'https_proxy'],
    ['HTTP_PROXY, used for https', { HTTP_PROXY: 'socks4://user:s3cret@proxy:1080' }, 'HTTP_PROXY']
  ])('a socks proxy in %s is refused, naming the variable and not the password', (_why, env, name) => {
    const error = refusal(env)
    expect(error.message).toMatch(
      new RegExp(`^Invalid proxy in the environment variable ${name}: '.*' is not an http\\(s\\) URL: socks`)
    )
    expect(error.message).toContain('user:***@proxy:1080')
    expect(`${error.message} ${error.hint}`).not.toContain('s3cret')
    expect(error.hint).toContain('http://proxy.example.com:3128')
  })

  test.each(['/', '/x@', '#', '?', '/:'])(
    'a password with a reserved %j is never shown; the hint says to percent-encode it',
    reserved => {
      const error = refusal({ HTTPS_PROXY: `http://user:pw${reserved}S3CRET@proxy.internal:3128` })
      expect(error.message).toContain('Invalid proxy in the environment variable HTTPS_PROXY')
      expect(error.message).toContain("'http://user:***@proxy.internal:3128'")
      expect(`${error.message} ${error.hint}`).not.toContain('S3CRET')
      expect(error.hint).toContain('%2F')
    }
  )

  test('a percent-encoded password is accepted as given', () => {
    const proxy = 'http://user:pa%2Fss@proxy.internal:3128'
    expect(proxyFor(API, { env: { HTTPS_PROXY: proxy } })).toBe(proxy)
  })

  test('a value without a scheme means http://, as curl and Go read it', () => {
    expect(proxyFor(API, { env: { HTTPS_PROXY: 'proxy.internal:3128' } })).toBe('http://proxy.internal:3128')
  })

  test('a proxy that NO_PROXY turns off is not checked', () => {
    expect(
      proxyFor(API, { env: { HTTPS_PROXY: 'socks5://proxy:1080', NO_PROXY: '.amazonaws.com' } })
    ).toBeUndefined()
  })

  test('a variable that is not used is not checked', () => {
    expect(proxyFor(API, { env: { HTTPS_PROXY: UPPER, HTTP_PROXY: 'socks5://proxy:1080' } })).toBe(UPPER)
    expect(proxyFor(API, { input: INPUT, env: { HTTPS_PROXY: 'socks5://proxy:1080' } })).toBe(INPUT)
  })
})

describe('bypassed', () => {
  const ecr = 'https://api.ecr.us-east-1.amazonaws.com'
  test.each<[string, string, string | undefined, boolean]>([
    ['unset', ecr, undefined, false],
    ['empty', ecr, '', false],
    ['the exact host', ecr, 'api.ecr.us-east-1.amazonaws.com', true],
    ['another host', ecr, 'api.ecr.eu-west-1.amazonaws.com', false],
    ['a .suffix', ecr, '.amazonaws.com', true],
    ['a *.suffix', ecr, '*.amazonaws.com', true],
    ['a bare domain covers its subdomains', ecr, 'amazonaws.com', true],
    ['a .suffix covers the bare domain', 'https://amazonaws.com', '.amazonaws.com', true],
    ['*', ecr, '*', true],
    ['* among others', ecr, 'example.com, *', true],
    ['no partial-label match', 'https://api.notamazonaws.com', 'amazonaws.com', false],
    ['no partial-label match with a dot', 'https://api.notamazonaws.com', '.amazonaws.com', false],
    ['no match of a longer entry', ecr, 'x.api.ecr.us-east-1.amazonaws.com', false],
    ['host:port on the default https port', ecr, 'api.ecr.us-east-1.amazonaws.com:443', true],
    ['host:port on another port', ecr, 'api.ecr.us-east-1.amazonaws.com:8443', false],
    ['host:port on an explicit port', 'https://ecr.internal:8443', 'ecr.internal:8443', true],
    ['.suffix:port', ecr, '.amazonaws.com:443', true],
    ['host:port on the default http port', 'http://169.254.169.254/', '169.254.169.254:80', true],
    ['an IPv4 address', 'https://10.1.2.3/', '10.1.2.3', true],
    ['another IPv4 address', 'https://10.1.2.3/', '10.1.2.4', false],
    ['an IPv4 address and port', 'https://10.1.2.3:8443/', '10.1.2.3:8443', true],
    ['an IPv6 address', 'https://[::1]/', '::1', true],
    ['a bracketed IPv6 address', 'https://[::1]/', '[::1]', true],
    ['a list with spaces and commas', ecr, ' localhost ,, 127.0.0.1  .amazonaws.com ', true],
    ['a newline-separated list', ecr, 'localhost\n.amazonaws.com\n', true],
    ['upper-case entries', ecr, '.AMAZONAWS.COM', true],
    [
      'an upper-case URL host',
      'https://API.ECR.US-EAST-1.AMAZONAWS.COM',
      'api.ecr.us-east-1.amazonaws.com',
      true
    ]
  ])('%s: %s with NO_PROXY=%j is %s', (_why, url, noProxy, expected) => {
    expect(bypassed(new URL(url), noProxy)).toBe(expected)
  })

  // Bug: '[::1]:443' contains '::', so its port is never split off and the entry never matches.
  test('a bracketed IPv6 address with a port covers that address and port', () => {
    expect(bypassed(new URL('https://[::1]:443/'), '[::1]:443')).toBe(true)
  })
})

import { apiError, CombinedError, describe as describeError, finish, UserError } from '../../src/errors.js'
import { fakeRunner } from '../support/fakes.js'

const HOST = '123456789012.dkr.ecr.eu-west-1.amazonaws.com'
const PRIVATE = { service: 'ecr' as const, region: 'eu-west-1', registries: [HOST] }
const PUBLIC = { service: 'ecr-public' as const, region: 'us-east-1', registries: ['public.ecr.aws'] }

const sdkError = (name: string, message: string, status?: number) =>
  Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } })

describe('apiError', () => {
  test.each([
    [
      'a missing region',
      new Error('Region is missing'),
      { ...PRIVATE, region: undefined, registries: ['123456789012'] },
      /^No AWS region is set, so the ECR registry for 123456789012 cannot be resolved\.$/,
      /AWS_REGION/
    ],
    [
      'no credentials',
      sdkError('CredentialsProviderError', 'Could not load credentials from any providers'),
      PRIVATE,
      new RegExp(`^No AWS credentials were found to get an ECR token for ${HOST} in eu-west-1\\.$`),
      /configure-aws-credentials/
    ],
    [
      'a private access denial',
      sdkError(
        'AccessDeniedException',
        'User: arn:aws:iam::1:user/ci is not authorized to perform: ecr:GetAuthorizationToken',
        400
      ),
      PRIVATE,
      new RegExp(`^Access denied getting an ECR token for ${HOST} in eu-west-1: User: .* is not authorized`),
      /must allow ecr:GetAuthorizationToken \(resource "\*"\)/
    ],
    [
      'a public access denial',
      sdkError('AccessDeniedException', 'not allowed', 400),
      PUBLIC,
      /^Access denied getting an ECR Public token for public\.ecr\.aws in us-east-1: not allowed$/,
      /ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken/
    ],
    [
      'unrecognized credentials',
      sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.', 400),
      PRIVATE,
      /^AWS rejected the credentials getting an ECR token for .* in eu-west-1: UnrecognizedClientException: The security token/,
      /have not expired/
    ],
    [
      'an expired token',
      sdkError('ExpiredTokenException', 'The security token included in the request is expired', 400),
      PRIVATE,
      /^AWS rejected the credentials .*ExpiredTokenException/,
      /have not expired/
    ],
    [
      'throttling',
      sdkError('ThrottlingException', 'Rate exceeded', 400),
      PRIVATE,
      /^The ECR API kept throttling the token request for .* after the SDK's retries: Rate exceeded$/,
      /AWS_MAX_ATTEMPTS/
    ],
    [
      'a validation error',
      sdkError('ValidationException', "Value at 'registryIds' failed to satisfy constraint", 400),
      { ...PRIVATE, registries: ['123456789012', '210987654321'] },
      /^The ECR API refused the request for 123456789012, 210987654321 in eu-west-1: Value at 'registryIds'/,
      undefined
    ],
    [
      'a refused connection without a proxy',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' }),
      PRIVATE,
      new RegExp(
        `^Could not reach the ECR API for ${HOST} in eu-west-1: connect ECONNREFUSED 10\\.0\\.0\\.1:443$`
      ),
      /firewall, DNS, VPC endpoints.*http-proxy or HTTPS_PROXY/
    ],
    [
      'a refused connection through a proxy',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.9:3128'), { code: 'ECONNREFUSED' }),
      { ...PRIVATE, proxy: 'http://proxy.example.com:3128' },
      /^Could not reach the ECR API for .* through proxy http:\/\/proxy\.example\.com:3128: connect ECONNREFUSED/,
      /Check the proxy .* NO_PROXY/
    ],
    [
      'an unknown host',
      Object.assign(new Error('getaddrinfo ENOTFOUND api.ecr.eu-west-1.amazonaws.com'), {
        code: 'ENOTFOUND'
      }),
      PRIVATE,
      /^Could not reach the ECR API .*getaddrinfo ENOTFOUND/,
      /DNS/
    ],
    [
      'an SDK timeout',
      sdkError('TimeoutError', 'Connection timed out after 10000 ms'),
      PRIVATE,
      /^Could not reach the ECR API .*Connection timed out/,
      /DNS/
    ],
    [
      "a request past the handler's requestTimeout, after the SDK's three attempts, through a proxy",
      Object.assign(
        new Error(
          '@smithy/node-http-handler - [ERROR] a request has exceeded the configured 15000 ms requestTimeout.'
        ),
        { name: 'TimeoutError', code: 'ETIMEDOUT', $metadata: { attempts: 3 } }
      ),
      { ...PRIVATE, proxy: 'http://proxy.example.com:3128' },
      /^Could not reach the ECR API for .* through proxy http:\/\/proxy\.example\.com:3128: a request has exceeded the configured 15000 ms requestTimeout\. \(3 attempts\)$/,
      /^No answer came in time from the API endpoint or the proxy\. Check the proxy/
    ],
    [
      'an unknown failure with its HTTP status',
      sdkError('ServerException', 'Internal failure', 500),
      { ...PRIVATE, registries: [] },
      /^Getting an ECR token for the default registry in eu-west-1 failed: ServerException: Internal failure \(HTTP 500\)$/,
      undefined
    ],
    [
      'a thrown string',
      'weird',
      { ...PRIVATE, region: undefined },
      new RegExp(`^Getting an ECR token for ${HOST} failed: weird$`),
      undefined
    ]
  ])('%s', (_why, error, ctx, message, hint) => {
    const e = apiError(error, ctx)
    expect(e).toBeInstanceOf(UserError)
    expect(e.message).toMatch(message)
    if (hint) expect(e.hint).toMatch(hint)
    else expect(e.hint).toBeUndefined()
  })

  test('a proxy password in the SDK message is hidden', () => {
    const e = apiError(
      Object.assign(new Error('connect ECONNREFUSED for http://user:s3cret@proxy:3128'), {
        code: 'ECONNREFUSED'
      }),
      PRIVATE
    )
    expect(e.message).toContain('http://user:***@proxy:3128')
    expect(e.message).not.toContain('s3cret')
  })
})

describe('describe', () => {
  test.each<[string, unknown, string]>([
    ['a UserError with a hint', new UserError('It broke.', 'Do this.'), 'It broke.\nDo this.'],
    ['a UserError without a hint', new UserError('It broke.'), 'It broke.'],
    ['a plain Error', new Error('boom'), 'boom'],
    ['an Error with no message', new TypeError(''), 'TypeError'],
    [
      'an Error quoting a proxy URL',
      new Error('via http://u:s3cret@p:1 failed'),
      'via http://u:***@p:1 failed'
    ],
    ['a string', 'plain string', 'plain string'],
    ['a number', 42, '42'],
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a symbol', Symbol('odd'), 'Symbol(odd)'],
    [
      'a CombinedError',
      new CombinedError([new UserError('First.', 'Fix one.'), new UserError('Second.')]),
      'First.\n  Fix one.\nSecond.'
    ]
  ])('%s', (_why, error, expected) => {
    expect(describeError(error)).toBe(expected)
  })

  // Bug: a thrown non-Error object (some libraries reject with {name, message}) is described
  // as '[object Object]', which tells the user nothing.
  test('a thrown plain object with a message is described by that message', () => {
    expect(describeError({ name: 'SomeError', message: 'it went wrong' })).toContain('it went wrong')
  })
})

describe('finish', () => {
  test('a UserError fails the step with its message and hint', async () => {
    const runner = fakeRunner()
    await finish(runner, async () => {
      throw new UserError('No AWS region is set.', 'Set AWS_REGION.')
    })
    expect(runner.messages('setFailed')).toEqual(['No AWS region is set.\nSet AWS_REGION.'])
    expect(runner.messages('debug')).toEqual([])
  })

  test('an unexpected Error fails the step with its message; the stack goes to debug only', async () => {
    const runner = fakeRunner()
    await finish(runner, async () => {
      throw new Error('unexpected')
    })
    expect(runner.messages('setFailed')).toEqual(['unexpected'])
    expect(runner.messages('debug').join('\n')).toContain('errors.test.ts')
  })

  test.each<[string, unknown, string]>([
    ['a string', 'a string', 'a string'],
    ['undefined', undefined, 'undefined']
  ])('a thrown %s fails the step and finish resolves', async (_why, thrown, message) => {
    const runner = fakeRunner()
    await expect(
      finish(runner, async () => {
        throw thrown
      })
    ).resolves.toBeUndefined()
    expect(runner.messages('setFailed')).toEqual([message])
  })

  test('success leaves the step passing', async () => {
    const runner = fakeRunner()
    await finish(runner, async () => undefined)
    expect(runner.messages('setFailed')).toEqual([])
  })

  // Bug: describe() calls String(error), which throws for an object without a prototype, so
  // finish() rejects instead of failing the step.
  test('a thrown value that cannot be stringified still fails the step and finish never throws', async () => {
    const runner = fakeRunner()
    await expect(
      finish(runner, async () => {
        throw Object.create(null)
      })
    ).resolves.toBeUndefined()
    expect(runner.messages('setFailed')).toEqual([expect.any(String)])
  })
})

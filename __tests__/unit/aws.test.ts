import pkg from '../../package.json'
import { createEcrApi, USER_AGENT, withDeadline } from '../../src/ecr/aws.js'
import { UserError } from '../../src/errors.js'

// Bug: the SDK user agent named another project (`amazon-ecr-login-for-github-actions`).
test('the user agent names this project and its version', () => {
  expect(USER_AGENT).toEqual([['ecr-login', pkg.version]])
  expect(pkg.name).toBe('ecr-login')
})

// Bug: an AWS_REGION the SDK cannot use failed later with 'Region not accepted' or 'Invalid URL'.
test.each([' us-east-1', 'us-east-1; x', ''])(
  'a client for the environment’s region refuses AWS_REGION=%j, naming it, before any request',
  async region => {
    const made = createEcrApi({ service: 'ecr', fips: false }, { proxy: { env: { AWS_REGION: region } } })
    await expect(made).rejects.toBeInstanceOf(UserError)
    await expect(made).rejects.toThrow(/^The environment variable AWS_REGION is /)
  }
)

test('a call still waiting at its deadline fails with a TimeoutError, and its request is aborted', async () => {
  let signal: AbortSignal | undefined
  const started = Date.now()
  const error = await withDeadline(s => {
    signal = s
    return new Promise(() => undefined)
  }, 200).catch((e: unknown) => e as Error)
  expect(Date.now() - started).toBeLessThan(2_000)
  expect(error).toMatchObject({
    name: 'TimeoutError',
    message: "no answer within 0.2 s, the SDK's retries included"
  })
  expect(signal?.aborted).toBe(true)
})

test('a call that answers in time is passed through', async () => {
  await expect(withDeadline(async () => 'token', 1_000)).resolves.toBe('token')
})

import { withDeadline } from '../../src/aws.js'

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

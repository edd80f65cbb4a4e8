import { withDeadline } from '../../src/deadline.js'

const timeout = (ms: number) =>
  Object.assign(new Error(`no answer within ${ms / 1000} s`), { name: 'TimeoutError' })

test('a call still waiting at its deadline fails with the deadline’s error, and its signal is aborted', async () => {
  let signal: AbortSignal | undefined
  const started = Date.now()
  const error = await withDeadline(
    s => {
      signal = s
      return new Promise(() => undefined)
    },
    200,
    timeout
  ).catch((e: unknown) => e as Error)
  expect(Date.now() - started).toBeLessThan(2_000)
  expect(error).toMatchObject({ name: 'TimeoutError', message: 'no answer within 0.2 s' })
  expect(signal?.aborted).toBe(true)
  expect(signal?.reason).toBe(error)
})

test('a call that answers in time is passed through, and its signal is never aborted', async () => {
  let signal: AbortSignal | undefined
  await expect(
    withDeadline(
      async s => {
        signal = s
        return 'token'
      },
      1_000,
      timeout
    )
  ).resolves.toBe('token')
  expect(signal?.aborted).toBe(false)
})

test('a call that fails in time fails with its own error', async () => {
  await expect(withDeadline(async () => Promise.reject(new Error('denied')), 1_000, timeout)).rejects.toThrow(
    'denied'
  )
})

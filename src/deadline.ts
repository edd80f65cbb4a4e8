/**
 * Runs `work` with `ms` as its limit: past it, `work`'s signal is aborted (so a request in flight
 * is ended, not just left behind) and the call rejects with `timeout(ms)`'s error, whatever `work`
 * was still waiting on. The one time bound of the API calls, in the action and the helper.
 */
export async function withDeadline<T>(
  work: (signal: AbortSignal) => Promise<T>,
  ms: number,
  timeout: (ms: number) => Error
): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = timeout(ms)
      controller.abort(error)
      reject(error)
    }, ms)
  })
  try {
    return await Promise.race([work(controller.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}

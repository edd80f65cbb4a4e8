import { writeSync } from 'node:fs'

/**
 * Writes to fd 1 directly. The first `process.stdout.write` builds a stream over the pipe and
 * costs ~6 ms of every step's start-up; a blocking write of a log line does not. If the pipe is
 * ever non-blocking and full (EAGAIN), the stream takes over; then the result is true, and a
 * caller about to exit must let the stream flush.
 */
export function writeStdout(text: string): boolean {
  let rest = Buffer.from(text)
  try {
    while (rest.length) rest = rest.subarray(writeSync(1, rest))
    return false
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    process.stdout.write(rest)
    return true
  }
}

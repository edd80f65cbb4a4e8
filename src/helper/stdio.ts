import { readFileSync, writeSync } from 'node:fs'

// Docker runs the helper once per credential lookup, so start-up is the cost: read and write the
// descriptors directly instead of building process.stdin/stdout streams (~10 ms); streams only
// when a descriptor is non-blocking (EAGAIN).

/** All of stdin, read synchronously; undefined when fd 0 is non-blocking (read it as a stream). */
export function readStdinSync(): string | undefined {
  try {
    return readFileSync(0, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
    return undefined
  }
}

/** All of stdin: synchronously when it can be, else through process.stdin. */
export async function readStdin(): Promise<string> {
  const text = readStdinSync()
  if (text !== undefined) return text
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Writes `text` to fd 1 synchronously. Returns true when it had to fall back to process.stdout
 * (a non-blocking pipe said EAGAIN): the caller must then let it flush before exiting.
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

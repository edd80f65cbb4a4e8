import { promises as fs, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ClientError, UserError } from '../errors.js'
import { redact } from '../redact.js'
import { onCancel } from '../shutdown.js'
import { classify } from './failure.js'

export { withoutAuths } from '../config/docker-config.js'

/**
 * What docker and the containers clients share: each call runs against a throw-away config of its
 * own (the tools rewrite their files with no lock), removed afterwards, also when the step is
 * cancelled; their failures are classified once (failure.ts).
 */

/** A throw-away dir; `release` removes it. */
export interface IsolatedDir {
  dir: string
  release(): Promise<void>
}

/** Makes a throw-away dir `<tempRoot>/<prefix>XXXXXX` and fills it (`fill`); a failed fill removes it. */
export async function isolatedDir(
  tempRoot: string,
  prefix: string,
  fill: (dir: string) => Promise<void>
): Promise<IsolatedDir> {
  const dir = await fs.mkdtemp(join(tempRoot, prefix))
  // A cancelled step exits without reaching `release`.
  const forget = onCancel(() => rmSync(dir, { recursive: true, force: true }))
  const release = async () => {
    forget()
    await fs.rm(dir, { recursive: true, force: true })
  }
  try {
    await fill(dir)
  } catch (error) {
    await release()
    throw error
  }
  return { dir, release }
}

/** Runs `work` in `made` (or a dir `make` makes when there is none), then removes it. */
export async function inIsolatedDir<T>(
  made: IsolatedDir | undefined,
  make: () => Promise<IsolatedDir>,
  work: (dir: string) => Promise<T>
): Promise<T> {
  const isolated = made ?? (await make())
  try {
    return await work(isolated.dir)
  } finally {
    await isolated.release()
  }
}

/**
 * A client's stdin, always as a promise. exec writes a string input at spawn with no guard, so a
 * tool that exits before reading it (logout reads none; a login that fails at once) makes that
 * write fail with EPIPE, an unhandled error that ends the step; process.ts writes a promised
 * input itself and tolerates a child that is gone.
 */
export function stdinOf(input: string | Promise<string>): Promise<string> {
  return Promise.resolve(input)
}

/** exec looks the tool up on PATH (@actions/io which) before it spawns anything. */
export function isNotOnPath(error: unknown): boolean {
  return /Unable to locate executable file/i.test((error as Error)?.message ?? '')
}

/** Runs `call`; a tool exec could not find is `notFound()` instead. */
export async function orNotFound<T>(call: () => Promise<T>, notFound: () => UserError): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (!isNotOnPath(error)) throw error
    throw notFound()
  }
}

/** A client's hints, by what its failure was. */
export type Hints = (failure: ReturnType<typeof classify>) => string | undefined

/** `<message>: <the tool's output>`, redacted, classified once, with the hint `hints` gives for it. */
export function failedCall(message: string, output: string, secrets: string[], hints: Hints): ClientError {
  const detail = redact(output.trim(), secrets)
  const failure = classify(detail)
  return new ClientError(`${message}: ${detail}`, failure.kind, hints(failure), failure.reason)
}

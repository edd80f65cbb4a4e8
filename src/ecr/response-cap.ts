import { Readable } from 'node:stream'
import { UserError } from '../errors.js'

// A bound on what is read from the API. A GetAuthorizationToken answer is a few kB; an endpoint
// (AWS_ENDPOINT_URL_ECR, a proxy, a hostile network) that sends gigabytes would otherwise be read
// whole before the JSON parser saw it, until V8 ran out of memory and killed the step (or the
// helper) without a message.

/** The most of one API response that is read: far above any real answer. */
export const MAX_RESPONSE_BYTES = 1024 * 1024

/** The slice of an SDK client this module needs: its middleware stack. */
interface WithMiddleware {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'deserialize'; priority: 'low'; name: string }): void
  }
}

/** A raw HTTP response as the SDK's handler returns it. */
interface RawResponse {
  statusCode?: number
  headers?: Record<string, string | undefined>
  body?: unknown
}

/**
 * Caps every response `client` reads at `max` bytes: one whose Content-Length says more is refused
 * unread, and one that sends more than it (or says nothing) is refused once it has. Added as the
 * innermost deserialize middleware, so it reads the body before the SDK's parser does and its
 * error reaches the caller as it is, not as a parse error.
 */
export function capResponses(client: WithMiddleware, max = MAX_RESPONSE_BYTES): void {
  const middleware =
    (next: (args: unknown) => Promise<{ response: RawResponse }>) =>
    async (args: unknown): Promise<{ response: RawResponse }> => {
      const result = await next(args)
      const { response } = result
      const length = Object.entries(response.headers ?? {}).find(
        ([name]) => name.toLowerCase() === 'content-length'
      )?.[1]
      if (length !== undefined && Number(length) > max) {
        destroy(response.body)
        throw tooLarge(max, `it announced ${length} bytes`)
      }
      if (response.body instanceof Readable)
        response.body = Readable.from([await readCapped(response.body, max)])
      return result
    }
  client.middlewareStack.add(middleware, {
    step: 'deserialize',
    priority: 'low',
    name: 'ecrLoginResponseCap'
  })
}

/** The whole of `body`, or a UserError (and the stream ended) as soon as it passes `max` bytes. */
export async function readCapped(body: Readable, max = MAX_RESPONSE_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string)
    size += buffer.length
    if (size > max) {
      body.destroy()
      throw tooLarge(max, 'it sent more')
    }
    chunks.push(buffer)
  }
  return Buffer.concat(chunks)
}

function tooLarge(max: number, what: string): UserError {
  return new UserError(
    `The ECR API's response is larger than ${max / 1024 / 1024} MiB (${what}), so it was not read; a real answer is a few kB.`,
    'Check AWS_ENDPOINT_URL_ECR (or AWS_ENDPOINT_URL) and any proxy: they should lead to the ECR API.'
  )
}

function destroy(body: unknown): void {
  if (body instanceof Readable) body.destroy()
}

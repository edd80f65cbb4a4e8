import type { Runner } from './runner.js'
import { redactUrlsIn } from './redact.js'

/** A failure the user can act on: the message says what went wrong, the hint what to do next. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string
  ) {
    super(message)
    this.name = 'UserError'
  }
}

/**
 * Why a client's login or logout failed, classified once where the client's output is read
 * (clients/failure.ts), so that retries and hints read the kind instead of matching text again:
 * - `refused`: the registry rejected the credentials;
 * - `daemon`: the Docker daemon cannot be reached;
 * - `network`: the registry cannot be reached, and trying again would not change that (no such host);
 * - `time-out`: the client ran past its time-out and was ended;
 * - `transient`: a failure of the network or an overloaded registry that may pass (retried);
 * - `store`: a credential store (credsStore, credHelpers) refused or did not answer: never retried;
 * - `other`: anything else (a missing client, a bad config): never retried.
 */
export type FailureKind = 'refused' | 'daemon' | 'network' | 'time-out' | 'transient' | 'store' | 'other'

/** A client's failure, with its kind and, for a transient one, a short reason for the log. */
export class ClientError extends UserError {
  constructor(
    message: string,
    readonly kind: FailureKind,
    hint?: string,
    readonly reason?: string
  ) {
    super(message, hint)
    this.name = 'ClientError'
  }
}

/** A login or logout that ran past its time-out and was ended, with every process it started. */
export class TimedOutError extends ClientError {
  constructor(message: string, hint?: string) {
    super(message, 'time-out', hint, 'timed out')
    this.name = 'TimedOutError'
  }
}

/** Several independent failures (one per region or registry), reported together. */
export class CombinedError extends UserError {
  constructor(readonly errors: UserError[]) {
    super(errors.map(e => (e.hint ? `${e.message}\n  ${e.hint}` : e.message)).join('\n'))
  }
}

/** Runs one step's story and reports any failure through setFailed: never a stack trace. */
export async function finish(runner: Runner, run: () => Promise<void>): Promise<void> {
  try {
    await run()
  } catch (error) {
    runner.setFailed(describe(error))
    if (error instanceof Error && !(error instanceof UserError) && error.stack) {
      runner.debug(redactUrlsIn(error.stack))
    }
  }
}

/** One readable line (plus hint) for any thrown value. */
export function describe(error: unknown): string {
  if (error instanceof UserError) return error.hint ? `${error.message}\n${error.hint}` : error.message
  return redactUrlsIn(messageOf(error))
}

/** The message of anything thrown: an Error, an error-shaped object, or any other value. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name
  const shaped = error as { message?: unknown; name?: unknown } | null
  if (shaped && typeof shaped === 'object' && typeof shaped.message === 'string') return shaped.message
  try {
    return String(error)
  } catch {
    // e.g. Object.create(null): no toString at all.
    return Object.prototype.toString.call(error)
  }
}

const REQUIRED_ACTIONS = {
  ecr: 'ecr:GetAuthorizationToken',
  'ecr-public': 'ecr-public:GetAuthorizationToken and sts:GetServiceBearerToken'
}

/** Where an API call was going, so its failure can name the registries and region involved. */
export interface CallContext {
  service: 'ecr' | 'ecr-public'
  region?: string
  /** The registries this call was for: hosts or account IDs, as the user gave them. */
  registries: string[]
  proxy?: string
}

interface SdkError {
  name?: string
  code?: string
  message?: string
  $metadata?: { httpStatusCode?: number; attempts?: number }
}

/**
 * Translates an AWS SDK failure into a UserError that names the registries and region and says
 * what to do. Matching is by error name and message, so this module never loads the SDK.
 */
export function apiError(error: unknown, ctx: CallContext): UserError {
  const e = (error ?? {}) as SdkError
  const name = e.name ?? ''
  const code = e.code ?? ''
  const message = redactUrlsIn(e.message ?? String(error))
  const where = `${ctx.registries.length ? ctx.registries.join(', ') : 'the default registry'}${
    ctx.region ? ` in ${ctx.region}` : ''
  }`
  const service = ctx.service === 'ecr' ? 'ECR' : 'ECR Public'

  if (/region is missing/i.test(message) || name === 'RegionMissing') {
    return new UserError(
      `No AWS region is set, so the ${service} registry for ${where} cannot be resolved.`,
      'Set a region with aws-actions/configure-aws-credentials (aws-region), the AWS_REGION environment ' +
        'variable, or name the registry by host, e.g. 123456789012.dkr.ecr.eu-west-1.amazonaws.com.'
    )
  }
  if (name === 'CredentialsProviderError' || /could not load credentials/i.test(message)) {
    return new UserError(
      `No AWS credentials were found to get an ${service} token for ${where}.`,
      'Run aws-actions/configure-aws-credentials before this step, or set AWS_ACCESS_KEY_ID and ' +
        'AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) in the environment.'
    )
  }
  if (
    /AccessDenied|NotAuthorized|not authorized/i.test(name) ||
    /is not authorized to perform/i.test(message)
  ) {
    return new UserError(
      `Access denied getting an ${service} token for ${where}: ${message}`,
      `The credentials' IAM policy must allow ${REQUIRED_ACTIONS[ctx.service]} (resource "*").`
    )
  }
  if (
    /UnrecognizedClient|InvalidClientTokenId|InvalidSignature|SignatureDoesNotMatch|ExpiredToken|InvalidToken/i.test(
      name
    )
  ) {
    return new UserError(
      `AWS rejected the credentials getting an ${service} token for ${where}: ${name}: ${message}`,
      'Check that the access key, secret and session token belong together and have not expired; ' +
        'aws-actions/configure-aws-credentials sets all three.'
    )
  }
  if (/Throttl|TooManyRequests|RequestLimitExceeded/i.test(name)) {
    return new UserError(
      `The ${service} API kept throttling the token request for ${where} after the SDK's retries: ${message}`,
      'Retry the job later, or raise AWS_MAX_ATTEMPTS to let the SDK retry longer.'
    )
  }
  if (name === 'ValidationException' || name === 'InvalidParameterException') {
    return new UserError(`The ${service} API refused the request for ${where}: ${message}`)
  }
  const network = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH)$/.exec(
    code || name
  )
  // The node handler's time-outs (connection, request, socket) and aws.ts's overall deadline.
  const timedOut = name === 'TimeoutError' || name === 'AbortError' || code === 'ETIMEDOUT'
  if (network || timedOut || /socket hang up|getaddrinfo|connect ECONNREFUSED/i.test(`${name} ${message}`)) {
    const attempts = e.$metadata?.attempts
    // The handler's own prefix says nothing the user needs.
    const detail = message.replace(/^@smithy\/node-http-handler - (?:\[ERROR\] )?/, '')
    return new UserError(
      `Could not reach the ${service} API for ${where}${ctx.proxy ? ` through proxy ${ctx.proxy}` : ''}: ${detail}${
        attempts && attempts > 1 ? ` (${attempts} attempts)` : ''
      }`,
      (timedOut ? `No answer came in time from the API endpoint${ctx.proxy ? ' or the proxy' : ''}. ` : '') +
        (ctx.proxy
          ? 'Check the proxy (http-proxy input, HTTPS_PROXY) and NO_PROXY, and that the proxy allows CONNECT to AWS.'
          : 'Check the runner can reach AWS (firewall, DNS, VPC endpoints), or set a proxy with http-proxy or HTTPS_PROXY.')
    )
  }
  const status = e.$metadata?.httpStatusCode
  return new UserError(
    `Getting an ${service} token for ${where} failed: ${name ? `${name}: ` : ''}${message}${
      status ? ` (HTTP ${status})` : ''
    }`
  )
}

import { ClientError, messageOf, type FailureKind } from '../errors.js'

/** What a client's failure text says: its kind and, where one is known, a short reason for the log. */
export interface Failure {
  kind: FailureKind
  reason?: string
}

// A credential store (docker's credsStore / credHelpers program) that refused or failed: the
// blob-size error of wincred and desktop, a locked keychain, a helper that is missing or broken.
// Checked first: the store's own text may end in "EOF" or name a status, and no retry helps.
const STORE =
  /error storing credentials|error getting credentials|error erasing credentials|credentials store|credential helper|docker-credential-|The stub received bad data|User interaction is not allowed/i

// The Docker daemon cannot be reached: it says "connection refused" too, so this comes before
// the network patterns.
const DAEMON = /Cannot connect to the Docker daemon|error during connect|docker daemon is not running/i

// The registry refused the credentials; a 401 page may end in "EOF", so this comes early too.
const REFUSED =
  /unauthori[sz]ed|authentication required|\bdenied\b|forbidden|\b40[13] (?:Unauthorized|Forbidden)\b|status(?: code)?:? 40[13]\b/i

// The registry cannot be reached and trying again would fail the same way.
const UNREACHABLE = /no such host/i

// Set-up problems and a cancelled step: never retried, no hint to add.
const SETUP = /not found on PATH|being cancelled/i

const HTTP_STATUS =
  /status(?: code)?:?\s*(429|5\d\d)\b|\b(429|5\d\d) (?:Too Many Requests|Internal Server Error|Bad Gateway|Service Unavailable|Gateway Time-?out)\b/i

// Texts of docker (the CLI, the daemon's Go HTTP client) and of node for failures of the network or
// of a registry that is briefly overloaded: the same login may well succeed a moment later.
const TRANSIENT: [RegExp, string][] = [
  [/Client\.Timeout exceeded|awaiting headers|context deadline exceeded/i, 'no answer in time'],
  [/TLS handshake timeout/i, 'TLS handshake time-out'],
  [/i\/o timeout|\bETIMEDOUT\b/i, 'i/o time-out'],
  [/connection reset|\bECONNRESET\b/i, 'connection reset'],
  [/connection refused|\bECONNREFUSED\b/i, 'connection refused'],
  [/broken pipe|\bEPIPE\b/i, 'broken pipe'],
  [/\bEOF\b/, 'EOF'],
  [/temporary failure in name resolution|server misbehaving|\bEAI_AGAIN\b/i, 'temporary DNS failure'],
  [/toomanyrequests|too many requests/i, 'HTTP 429']
]

// The network failed in a way a retry does not fix, but the hint can still name the network.
const NETWORK = /dial tcp|network is unreachable|TLS handshake|x509|certificate/i

// Docker on a Windows runner whose engine service has not started yet (actions/runner-images
// #13729): the CLI finds no named pipe. The engine comes up by itself within seconds, so this is
// retried (within login-retries, named in the log), unlike a daemon that is not there at all.
const ENGINE_STARTING = /open \/\/\.\/pipe\/[\w.-]*engine[\w.-]*: The system cannot find the file specified/i

/** Classifies what a client printed when it failed. The one place client output is matched. */
export function classify(text: string): Failure {
  if (STORE.test(text)) return { kind: 'store' }
  if (ENGINE_STARTING.test(text)) return { kind: 'transient', reason: 'the Docker engine is not up yet' }
  if (DAEMON.test(text)) return { kind: 'daemon' }
  if (REFUSED.test(text)) return { kind: 'refused' }
  if (UNREACHABLE.test(text)) return { kind: 'network', reason: 'no such host' }
  if (SETUP.test(text)) return { kind: 'other' }
  const status = HTTP_STATUS.exec(text)
  if (status) return { kind: 'transient', reason: `HTTP ${status[1] ?? status[2]}` }
  const transient = TRANSIENT.find(([pattern]) => pattern.test(text))
  if (transient) return { kind: 'transient', reason: transient[1] }
  if (NETWORK.test(text))
    return { kind: 'network', reason: /x509|certificate/i.test(text) ? 'certificate' : undefined }
  return { kind: 'other' }
}

/**
 * The failure an error stands for: a ClientError's own kind, else (an error no client made: a
 * test's fake, node's own) what its message says.
 */
export function failureOf(error: unknown): Failure {
  if (error instanceof ClientError) return { kind: error.kind, reason: error.reason }
  return classify(messageOf(error))
}

/** Whether a failure of this kind may pass if the same login is tried again. */
export function isRetryable(kind: FailureKind): boolean {
  return kind === 'transient' || kind === 'time-out'
}

/** Reasons of transient failures that mean the registry could not be reached (for the hints). */
export const UNREACHABLE_REASONS = new Set(['connection refused', 'i/o time-out', 'TLS handshake time-out'])

import { classify, failureOf, isRetryable } from '../../src/clients/failure.js'
import { ClientError, TimedOutError } from '../../src/errors.js'

const H = '123456789012.dkr.ecr.us-east-1.amazonaws.com'

describe('client failures are classified once', () => {
  test.each([
    ['Error response from daemon: login attempt failed with status: 401 Unauthorized', 'refused'],
    [
      'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
      'daemon'
    ],
    [`Get "https://${H}/v2/": dial tcp: lookup ${H}: no such host`, 'network'],
    [`Get "https://${H}/v2/": dial tcp 127.0.0.9:443: connect: connection refused`, 'transient'],
    [`login attempt to https://${H}/v2/ failed with status: 503 Service Unavailable`, 'transient'],
    [
      'Error saving credentials: error storing credentials - err: exit status 1, out: `The stub received bad data.`',
      'store'
    ],
    [
      'Error saving credentials: error storing credentials - err: exit status 1, out: `User interaction is not allowed.`',
      'store'
    ],
    [
      'Error saving credentials: error storing credentials - err: exec: "docker-credential-pass": executable file not found in $PATH, out: ``',
      'store'
    ],
    ['tls: failed to verify certificate: x509: certificate signed by unknown authority', 'network'],
    // A port that reads like a status is not a refusal.
    ['Get "https://10.0.0.1:401/v2/": dial tcp 10.0.0.1:401: connect: connection refused', 'transient'],
    ['something else entirely', 'other'],
    // Windows, before the engine service is up: retried, since it starts by itself within seconds.
    [
      'error during connect: this error may indicate that the docker daemon is not running: Post "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.47/auth": open //./pipe/docker_engine: The system cannot find the file specified.',
      'transient'
    ],
    // A Windows engine that is there but refuses: not the start-up race, so not retried.
    [
      'error during connect: Post "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.47/auth": open //./pipe/docker_engine: Access is denied.',
      'daemon'
    ]
  ])('%s → %s', (text, kind) => {
    expect(classify(text).kind).toBe(kind)
  })

  test('a store failure is never retried, even when its text ends in EOF', () => {
    const failure = classify('error storing credentials - err: EOF')
    expect(failure.kind).toBe('store')
    expect(isRetryable(failure.kind)).toBe(false)
  })

  test('a ClientError is read by its kind, not its text', () => {
    expect(failureOf(new ClientError('connection refused', 'refused')).kind).toBe('refused')
    expect(failureOf(new TimedOutError('x'))).toEqual({ kind: 'time-out', reason: 'timed out' })
    expect(failureOf(new Error('read: connection reset by peer'))).toEqual({
      kind: 'transient',
      reason: 'connection reset'
    })
  })
})

test('a Windows engine that is not up yet is named as the reason of the retry', () => {
  const failure = classify('open //./pipe/docker_engine: The system cannot find the file specified.')
  expect(failure).toEqual({ kind: 'transient', reason: 'the Docker engine is not up yet' })
  expect(isRetryable(failure.kind)).toBe(true)
})

import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cliDocker, loginError } from '../../src/clients/docker.js'
import { describe as describeError, messageOf, TimedOutError, UserError } from '../../src/errors.js'
import { execProcess, liveProcessCount, ProcessesEndedError } from '../../src/process.js'
import { alive } from '../support/processes.js'
import {
  boundedClient,
  retryDelayMs,
  transientReason,
  type LoginClient,
  type RetryPolicy
} from '../../src/retry.js'

const H = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const daemon = (detail: string) =>
  new UserError(`Could not login to registry ${H}: Error response from daemon: ${detail}`)

describe('which failures are retried', () => {
  // Texts docker 28 prints (the daemon's Go HTTP client, seen against the e2e world's fault front)
  // and a few from the field.
  test.each([
    [
      `Get "http://${H}/v2/": read tcp 127.0.0.1:49948->127.0.0.5:80: read: connection reset by peer`,
      'connection reset'
    ],
    [`Get "https://${H}/v2/": dial tcp 127.0.0.9:443: connect: connection refused`, 'connection refused'],
    [`Get "https://${H}/v2/": EOF`, 'EOF'],
    [`Get "https://${H}/v2/": unexpected EOF`, 'EOF'],
    [`Get "https://${H}/v2/": dial tcp 52.94.1.2:443: i/o timeout`, 'i/o time-out'],
    [`Get "https://${H}/v2/": net/http: TLS handshake timeout`, 'TLS handshake time-out'],
    [
      `Get "http://${H}/v2/": net/http: request canceled (Client.Timeout exceeded while awaiting headers)`,
      'no answer in time'
    ],
    [
      `Get "https://${H}/v2/": net/http: request canceled while waiting for connection (Client.Timeout exceeded while awaiting headers)`,
      'no answer in time'
    ],
    [`Get "https://${H}/v2/": context deadline exceeded`, 'no answer in time'],
    [
      `Get "https://${H}/v2/": dial tcp: lookup ${H}: Temporary failure in name resolution`,
      'temporary DNS failure'
    ],
    [
      `Get "https://${H}/v2/": dial tcp: lookup ${H} on 127.0.0.53:53: server misbehaving`,
      'temporary DNS failure'
    ],
    [`Get "https://${H}/v2/": write tcp 10.1.0.4:51234->52.94.1.2:443: write: broken pipe`, 'broken pipe'],
    [`login attempt to http://${H}/v2/ failed with status: 503 Service Unavailable`, 'HTTP 503'],
    [`login attempt to http://${H}/v2/ failed with status: 502 Bad Gateway`, 'HTTP 502'],
    [`login attempt to https://${H}/v2/ failed with status: 500 Internal Server Error`, 'HTTP 500'],
    [`login attempt to http://${H}/v2/ failed with status: 429 Too Many Requests`, 'HTTP 429'],
    [`received unexpected HTTP status: 504 Gateway Time-out`, 'HTTP 504'],
    ['toomanyrequests: Rate exceeded', 'HTTP 429']
  ])('%s → retried (%s)', (detail, reason) => {
    expect(transientReason(daemon(detail))).toBe(reason)
  })

  test.each(
    [
      [daemon(`login attempt to http://${H}/v2/ failed with status: 401 Unauthorized`)],
      [daemon(`login attempt to https://${H}/v2/ failed with status: 403 Forbidden`)],
      [daemon(`Get "https://${H}/v2/": unauthorized: authentication required`)],
      [
        daemon(
          `Get "https://${H}/v2/": denied: Your authorization token has expired. Reauthenticate and try again.`
        )
      ],
      [daemon(`Get "https://${H}/v2/": dial tcp: lookup ${H} on 127.0.0.53:53: no such host`)],
      [new UserError('docker was not found on PATH, so no registry could be logged into or out of.')],
      [
        new UserError(
          `Could not login to registry ${H}: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?`
        )
      ],
      [
        new UserError(
          `Could not login to registry ${H}: permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: ` +
            'Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/auth": dial unix /var/run/docker.sock: connect: permission denied'
        )
      ],
      [
        new UserError(
          `Could not login to registry ${H}: error during connect: Post "http://127.0.0.1:2375/v1.50/auth": dial tcp 127.0.0.1:2375: connect: connection refused`
        )
      ],
      [
        new UserError(
          `Could not login to registry ${H}: Error saving credentials: error storing credentials - err: exec: "docker-credential-desktop": executable file not found in $PATH, out: \`\``
        )
      ],
      [new UserError(`Could not login to registry ${H}: docker login was ended by a signal`)],
      [new ProcessesEndedError('docker')],
      [new Error('boom')]
    ].map(([error]) => [messageOf(error), error])
  )('%s → not retried', (_text, error) => {
    expect(transientReason(error)).toBeUndefined()
  })

  test('an attempt ended by its time-out is retried', () => {
    expect(
      transientReason(new TimedOutError(`Could not login to registry ${H}: docker login did not finish`))
    ).toBe('timed out')
  })
})

describe('the schedule', () => {
  test('1 s, 2 s, 4 s, then 8 s at most, at the middle of the jitter', () => {
    expect([1, 2, 3, 4, 5, 9].map(n => retryDelayMs(n, () => 0.5))).toEqual([
      1000, 2000, 4000, 8000, 8000, 8000
    ])
  })

  test('jitter spreads each delay over ±25 %', () => {
    expect([retryDelayMs(1, () => 0), retryDelayMs(1, () => 0.999999)]).toEqual([750, 1250])
    expect([retryDelayMs(3, () => 0), retryDelayMs(3, () => 0.999999)]).toEqual([3000, 5000])
  })
})

/** A clock that only moves when the retrying client sleeps, and the log it wrote. */
function policy(retries: number, extra: Partial<RetryPolicy> = {}) {
  let clock = 0
  const log: string[] = []
  const delays: number[] = []
  const p: RetryPolicy = {
    retries,
    timeoutMs: 30_000,
    log: message => log.push(message),
    sleep: async ms => {
      delays.push(ms)
      clock += ms
    },
    random: () => 0.5,
    now: () => clock,
    ...extra
  }
  return { policy: p, log, delays }
}

/** A client whose logins fail with `failures` in turn, then succeed. */
function flakyClient(
  failures: unknown[]
): LoginClient & { name: string; attempts: number; logouts: string[] } {
  return {
    name: 'flaky',
    attempts: 0,
    logouts: [],
    async login() {
      const failure = failures[this.attempts++]
      if (failure !== undefined) throw failure
    },
    async logout(host) {
      this.logouts.push(host)
    }
  }
}

const RESET = daemon(
  `Get "http://${H}/v2/": read tcp 127.0.0.1:1->127.0.0.5:80: read: connection reset by peer`
)
const UNAVAILABLE = daemon(`login attempt to http://${H}/v2/ failed with status: 503 Service Unavailable`)

describe('the retrying client', () => {
  test('transient failures are retried with growing delays, each logged with host, attempt and reason', async () => {
    const client = flakyClient([RESET, UNAVAILABLE])
    const { policy: p, log, delays } = policy(3)
    await boundedClient(client, p).login(H, 'AWS', 'pw')
    expect(client.attempts).toBe(3)
    expect(delays).toEqual([1000, 2000])
    expect(log).toEqual([
      `${H}: attempt 1 of 4 failed (connection reset); retrying in 1 s`,
      `${H}: attempt 2 of 4 failed (HTTP 503); retrying in 2 s`
    ])
  })

  test('after the last attempt the error names the host, the attempts, the time and the last reason, with a hint', async () => {
    const client = flakyClient([RESET, RESET, UNAVAILABLE])
    const { policy: p, log } = policy(2)
    const error = await boundedClient(client, p)
      .login(H, 'AWS', 'pw')
      .catch((e: unknown) => e)
    expect(client.attempts).toBe(3)
    expect(log).toHaveLength(2)
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).message).toBe(
      `${UNAVAILABLE.message} (gave up after 3 attempts in 3 s; last reason: HTTP 503)`
    )
    expect((error as UserError).hint).toMatch(/login-retries \(now 2\) and login-timeout \(now 30 s\)/)
  })

  // Bug: a keychain that answered "User interaction is not allowed." was tried 4 × 30 s, then blamed on the daemon.
  test('a credential store that refuses is tried once and keeps its own hint, whatever its text says', async () => {
    const refusal = loginError(
      H,
      'Error saving credentials: error storing credentials - err: exit status 1, out: `User interaction is not allowed.` EOF',
      []
    )
    expect(refusal.kind).toBe('store')
    const client = flakyClient([refusal])
    const { policy: p, log } = policy(3)
    const error = (await boundedClient(client, p)
      .login(H, 'AWS', 'pw')
      .catch((e: unknown) => e)) as UserError
    expect(client.attempts).toBe(1)
    expect(log).toEqual([])
    expect(error).toBe(refusal)
    expect(error.hint).toContain('credential-store')
    expect(error.hint).not.toMatch(/daemon/i)
  })

  test('a time-out is named with its length', async () => {
    const client = flakyClient([
      new TimedOutError(`Could not login to registry ${H}: docker login did not finish`)
    ])
    const { policy: p, log } = policy(0, { timeoutMs: 2_000 })
    const error = (await boundedClient(client, p)
      .login(H, 'AWS', 'pw')
      .catch((e: unknown) => e)) as UserError
    expect(log).toEqual([])
    expect(error.message).toMatch(/\(gave up after 1 attempt in 0 s; last reason: timed out after 2 s\)$/)
  })

  test.each([
    [
      'the registry refusing the credentials',
      daemon(`login attempt to http://${H}/v2/ failed with status: 401 Unauthorized`)
    ],
    [
      'docker missing',
      new UserError('docker was not found on PATH, so no registry could be logged into or out of.')
    ],
    ['an unexpected error', new Error('boom')]
  ])('%s fails at once, unchanged', async (_why, failure) => {
    const client = flakyClient([failure])
    const { policy: p, log } = policy(3)
    await expect(boundedClient(client, p).login(H, 'AWS', 'pw')).rejects.toBe(failure)
    expect(client.attempts).toBe(1)
    expect(log).toEqual([])
  })

  test('an unexpected error that looks transient stays a plain Error, so the caller still redacts it', async () => {
    const client = flakyClient([new Error('read ECONNRESET'), new Error('read ECONNRESET')])
    const error = await boundedClient(client, policy(1).policy)
      .login(H, 'AWS', 'pw')
      .catch((e: unknown) => e)
    expect(error).not.toBeInstanceOf(UserError)
    expect(describeError(error)).toMatch(/^read ECONNRESET \(gave up after 2 attempts/)
  })

  test('the wrapped client keeps its other members; logouts are passed through once', async () => {
    const client = flakyClient([])
    const bounded = boundedClient(client, policy(3).policy)
    expect(bounded.name).toBe('flaky')
    await bounded.logout(H)
    expect(client.logouts).toEqual([H])
  })
})

describe('time-outs reach the processes of an attempt', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecr-retry-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** The real CLI client, with a `docker` that starts a child and then hangs; records the child's pids. */
  function hangingDocker(pids: number[]) {
    return cliDocker({
      env: { DOCKER_CONFIG: join(dir, 'docker') },
      tempDir: dir,
      // The bound comes from the retrying client, through the call's timeoutMs.
      run: async (_program, _args, options) => {
        // A child that starts one of its own, prints its pid, and both wait far past the time-out
        // (sh starts in a few ms; Windows has none, so node there).
        const script = `const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => {}, 60000)`
        const [program, argv] =
          process.platform === 'win32'
            ? [process.execPath, ['-e', script]]
            : ['sh', ['-c', 'sleep 60 & echo $!; wait']]
        const result = await execProcess(program, argv, {
          env: options.env,
          timeoutMs: options.timeoutMs
        })
        pids.push(Number(result.stdout.trim()))
        return result
      }
    })
  }

  test('a hanging login is ended at login-timeout, retried, and reported with the time-out; nothing is left running', async () => {
    const pids: number[] = []
    const log: string[] = []
    const started = Date.now()
    const error = (await boundedClient(hangingDocker(pids), {
      retries: 1,
      timeoutMs: 300,
      log: message => log.push(message),
      sleep: async () => undefined
    })
      .login(H, 'AWS', 'pw')
      .catch((e: unknown) => e)) as UserError
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(error).toBeInstanceOf(UserError)
    expect(error.message).toMatch(
      new RegExp(
        `^Could not login to registry ${H.replace(/\./g, '\\.')}: docker login did not finish within its time-out`
      )
    )
    expect(error.message).toMatch(/gave up after 2 attempts in .* s; last reason: timed out after 0\.3 s\)$/)
    expect(log).toEqual([
      expect.stringMatching(new RegExp(`attempt 1 of 2 failed \\(timed out after 0\\.3 s\\)`))
    ])
    await new Promise(resolve => setTimeout(resolve, 100))
    expect(pids).toHaveLength(2)
    for (const pid of pids) expect(alive(pid)).toBe(false)
    expect(liveProcessCount()).toBe(0)
  })

  test('a hanging logout is ended once, and the error says how long it was given', async () => {
    const pids: number[] = []
    // A config dir that exists: a logout of one that is gone is no logout at all.
    await mkdir(join(dir, 'docker'), { recursive: true })
    const error = (await boundedClient(hangingDocker(pids), {
      retries: 3,
      timeoutMs: 300,
      log: () => undefined
    })
      .logout(H)
      .catch((e: unknown) => e)) as UserError
    expect(error).toBeInstanceOf(TimedOutError)
    expect(error.message).toBe(
      `Could not logout of registry ${H}: docker logout did not finish within its time-out and was ended, with every process it started (login-timeout: 0.3 s)`
    )
    expect(pids).toHaveLength(1)
  })
})

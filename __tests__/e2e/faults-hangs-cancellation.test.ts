// A flaky network and things that never answer, against the bundled action, the real dockerd and
// registry: a fault-injecting front (fault-front.ts) sits between dockerd and the registry on
// FLAKY_ACCOUNT's hosts; silent listeners stand in for an API endpoint, a proxy and a Docker daemon
// that accept connections and never answer.
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { runJob, runStep, undoState, type StepOptions, type StepResult } from '../support/action-runner.js'
import { EcrEmulator } from '../support/ecr-emulator.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { FaultFront } from '../support/fault-front.js'
import { alive, commandOf, watchDescendants } from '../support/processes.js'
import { FLAKY_ACCOUNT, registryHost } from '../support/world.js'

const ctx = e2eContext()
const FLAKY = registryHost(FLAKY_ACCOUNT, 'us-east-1')
const GOOD = registryHost('111111111111', 'us-east-1')
const re = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

let front: FaultFront
beforeAll(async () => {
  front = await FaultFront.start({ kind: 'pass' })
})
afterAll(async () => {
  await front?.stop()
})

/** What a step left behind, besides its result: how long it ran, and what it left running or on disk. */
interface Run extends StepResult {
  ms: number
  /** Descendants seen while the step ran that are still running after it exited. */
  leftovers: string[]
  /** `ecr-login-docker-*` dirs left in RUNNER_TEMP. */
  tempDirs: string[]
}

/**
 * Runs one entry as the runner does, watching its descendants; `cancelWhen` sends SIGTERM (as a
 * cancelled job does) once the step's stdout satisfies it.
 */
async function run(
  entry: 'main' | 'post',
  opts: StepOptions & { cancelWhen?: (stdout: string) => boolean } = {}
): Promise<Run> {
  const temp = join(ctx.dir, 'runner-temp')
  await mkdir(temp, { recursive: true })
  let watch: ReturnType<typeof watchDescendants> | undefined
  const started = Date.now()
  const result = await runStep(entry, {
    ...opts,
    env: { RUNNER_TEMP: temp, ...opts.env },
    onSpawn: child => {
      watch = watchDescendants(child.pid!)
      const cancelWhen = opts.cancelWhen
      if (!cancelWhen) return
      let stdout = ''
      child.stdout!.on('data', (chunk: Buffer | string) => {
        stdout += String(chunk)
        if (cancelWhen(stdout) && child.exitCode === null && !child.killed) child.kill('SIGTERM')
      })
    }
  })
  const ms = Date.now() - started
  watch!.stop()
  const leftovers = [...watch!.seen].filter(alive).map(pid => `${pid} ${commandOf(pid)}`)
  const tempDirs = (await readdir(temp)).filter(name => name.startsWith('ecr-login-docker-'))
  return { ...result, ms, leftovers, tempDirs }
}

/** A listener that accepts connections and never answers, on a unix socket or 127.0.0.1:<random>. */
async function silentServer(
  path?: string
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>()
  const server = createServer(socket => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  await new Promise<void>(resolve =>
    path ? server.listen(path, resolve) : server.listen(0, '127.0.0.1', resolve)
  )
  const address = server.address()
  return {
    server,
    port: typeof address === 'object' && address ? address.port : 0,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise(resolve => server.close(resolve))
    }
  }
}

const retryLines = (stdout: string) =>
  stdout.split('\n').filter(line => / failed \(.*\); retrying in /.test(line))

describe('a flaky registry', () => {
  test('the first two connections reset: the login succeeds on its third attempt, each retry logged', async () => {
    front.reset({ kind: 'reset', first: 2 })
    const main = await run('main', { inputs: { registries: FLAKY }, env: actionEnv(ctx) })
    expect(main.code).toBe(0)
    expect(retryLines(main.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^${re(FLAKY)}: attempt 1 of 4 failed \\(connection reset\\); retrying in [\\d.]+ s$`)
      ),
      expect.stringMatching(
        new RegExp(`^${re(FLAKY)}: attempt 2 of 4 failed \\(connection reset\\); retrying in [\\d.]+ s$`)
      )
    ])
    expect(front.connections).toBeGreaterThan(2)
    expect(main.outputs.registries).toBe(FLAKY)
    expect(main.state.registries).toBe(FLAKY)
    expect(Object.keys((await readDockerConfig(ctx)).auths ?? {})).toEqual([FLAKY])
  })

  test('a 503 for the first login attempt is retried', async () => {
    // One docker login asks /v2/ twice (a ping, then the login); both get the 503.
    front.reset({ kind: 'status', status: 503, first: 2 })
    const main = await run('main', { inputs: { registries: FLAKY }, env: actionEnv(ctx) })
    expect(main.code).toBe(0)
    expect(retryLines(main.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^${re(FLAKY)}: attempt 1 of 4 failed \\(HTTP 503\\); retrying in [\\d.]+ s$`)
      )
    ])
    expect(front.requests).toBeGreaterThan(2)
    expect(main.outputs.registries).toBe(FLAKY)
  })

  test('a wrong password is not retried: one attempt, and the registry’s refusal', async () => {
    front.reset({ kind: 'pass' })
    const wrong = await EcrEmulator.start({
      cert: ctx.world.cert,
      key: ctx.world.key,
      password: 'not-the-registry-password'
    })
    try {
      const before = await wrongCredentialLines()
      const main = await run('main', {
        inputs: { registries: FLAKY },
        env: actionEnv(ctx, { AWS_ENDPOINT_URL_ECR: wrong.url })
      })
      expect(main.code).toBe(1)
      expect(main.errors.join('\n')).toMatch(
        new RegExp(
          `^Could not login to registry ${re(FLAKY)}: .*401 Unauthorized\\nThe registry rejected the ECR token`
        )
      )
      expect(main.errors.join('\n')).not.toContain('gave up after')
      expect(retryLines(main.stdout)).toEqual([])
      // The registry saw the wrong credentials once: one login attempt.
      expect((await wrongCredentialLines()) - before).toBe(1)
    } finally {
      await wrong.stop()
    }
  })

  test('a registry that never answers: main gives up after login-timeout × attempts plus the delay, says so, leaves nothing running, and does not hold up another registry', async () => {
    front.reset({ kind: 'silent' })
    const main = await run('main', {
      inputs: { registries: `${FLAKY}, ${GOOD}`, 'login-timeout': '3', 'login-retries': '1' },
      env: actionEnv(ctx)
    })
    expect(main.code).toBe(1)
    // Two attempts of 3 s and one delay of 0.75 to 1.25 s, plus node, the API call and docker.
    expect(main.ms).toBeGreaterThanOrEqual(6_750)
    expect(main.ms).toBeLessThan(6_750 + 500 + 4_000)
    expect(retryLines(main.stdout)).toEqual([
      expect.stringMatching(
        new RegExp(`^${re(FLAKY)}: attempt 1 of 2 failed \\(timed out after 3 s\\); retrying in [\\d.]+ s$`)
      )
    ])
    expect(main.errors.join('\n')).toMatch(
      new RegExp(
        `^Could not login to registry ${re(FLAKY)}: docker login did not finish within its time-out and was ended, ` +
          'with every process it started \\(gave up after 2 attempts in [\\d.]+ s; last reason: timed out after 3 s\\)\\n' +
          'The Docker daemon or the registry did not answer: .*\\nRetry the job later, or allow more with login-retries \\(now 1\\) and login-timeout \\(now 3 s\\)\\.$'
      )
    )
    const good = new RegExp(`^${re(GOOD)} \\(us-east-1\\): logged in with docker in (\\d+) ms$`, 'm').exec(
      main.stdout
    )
    expect(Number(good?.[1])).toBeLessThan(3_000)
    expect(main.state.registries).toBe(GOOD)
    expect(main.leftovers).toEqual([])
    expect(main.tempDirs).toEqual([])
  })

  test('post against a registry that never answers finishes at once (docker logout does not ask the registry)', async () => {
    front.reset({ kind: 'pass' })
    const temp = join(ctx.dir, 'runner-temp')
    await mkdir(temp, { recursive: true })
    const { main, post } = await runJob({
      inputs: { registries: FLAKY, 'login-timeout': '3' },
      env: actionEnv(ctx, { RUNNER_TEMP: temp }),
      between: async () => front.reset({ kind: 'silent' })
    })
    expect(main.code).toBe(0)
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`${FLAKY}: logged out`)
    expect((await readDockerConfig(ctx)).auths).toEqual({})
  })
})

describe('things that never answer', () => {
  test('a credsStore helper that blocks: post ends its logout at login-timeout, reports it, and leaves no process', async () => {
    const bin = join(ctx.dir, 'bin')
    const pids = join(ctx.dir, 'helper-pids')
    await mkdir(bin, { recursive: true })
    await writeFile(
      join(bin, 'docker-credential-ecrblock'),
      `#!/bin/sh\necho $$ >> '${pids}'\nexec sleep 600\n`
    )
    await chmod(join(bin, 'docker-credential-ecrblock'), 0o755)
    await mkdir(ctx.configDir, { recursive: true })
    await writeFile(
      join(ctx.configDir, 'config.json'),
      JSON.stringify({ credsStore: 'ecrblock', auths: { [FLAKY]: {}, [GOOD]: {} } })
    )
    const post = await run('post', {
      state: { registries: `${FLAKY},${GOOD}` },
      inputs: { 'login-timeout': '2' },
      env: { DOCKER_CONFIG: ctx.configDir, PATH: `${bin}:${process.env.PATH}` }
    })
    expect(post.code).toBe(1)
    expect(post.ms).toBeLessThan(2_000 + 4_000)
    for (const host of [FLAKY, GOOD]) {
      expect(post.errors).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^Could not logout of registry ${re(host)}: docker logout did not finish within its time-out and was ended, ` +
              'with every process it started \\(login-timeout: 2 s\\)\\ndocker logout talks only to the Docker config'
          )
        )
      )
    }
    expect(post.errors).toContain(`Failed to logout: ${FLAKY},${GOOD}`)
    const helpers = (await readFile(pids, 'utf8')).split('\n').filter(Boolean).map(Number)
    expect(helpers.length).toBeGreaterThan(0)
    expect(helpers.filter(alive)).toEqual([])
    expect(post.leftovers).toEqual([])
    expect(post.tempDirs).toEqual([])
  })

  test('DOCKER_HOST on a socket that never answers: the login is ended at login-timeout with docker gone', async () => {
    const daemon = await silentServer(join(ctx.dir, 'silent-docker.sock'))
    try {
      const main = await run('main', {
        inputs: { registries: GOOD, 'login-timeout': '2', 'login-retries': '0' },
        env: actionEnv(ctx, { DOCKER_HOST: `unix://${join(ctx.dir, 'silent-docker.sock')}` })
      })
      expect(main.code).toBe(1)
      expect(main.ms).toBeLessThan(2_000 + 4_000)
      expect(main.errors.join('\n')).toMatch(
        new RegExp(
          `^Could not login to registry ${re(GOOD)}: docker login did not finish within its time-out .*` +
            '\\(gave up after 1 attempt in [\\d.]+ s; last reason: timed out after 2 s\\)\\n.*check DOCKER_HOST'
        )
      )
      expect(undoState(main.state)).toEqual({})
      expect(main.leftovers).toEqual([])
      expect(main.tempDirs).toEqual([])
    } finally {
      await daemon.close()
    }
  })

  test('an ECR API endpoint that never answers: main fails with a clear message well within 2 minutes, and exits', async () => {
    const api = await silentServer()
    try {
      const main = await run('main', {
        env: actionEnv(ctx, { AWS_ENDPOINT_URL_ECR: `https://127.0.0.1:${api.port}` }),
        timeoutMs: 150_000
      })
      expect(main.code).toBe(1)
      // The SDK's 3 attempts of at most 15 s each, and its backoff.
      expect(main.ms).toBeLessThan(60_000)
      expect(main.errors.join('\n')).toMatch(
        /^Could not reach the ECR API for the default registry in us-east-1: .*requestTimeout\. \(3 attempts\)\nNo answer came in time from the API endpoint\./
      )
      expect(main.stderr).not.toContain('@smithy/node-http-handler')
    } finally {
      await api.close()
    }
  }, 180_000)

  test('a proxy that never answers CONNECT: main fails naming the proxy, and exits', async () => {
    const proxy = await silentServer()
    try {
      const main = await run('main', {
        inputs: { 'http-proxy': `http://127.0.0.1:${proxy.port}` },
        env: actionEnv(ctx),
        timeoutMs: 150_000
      })
      expect(main.code).toBe(1)
      expect(main.ms).toBeLessThan(60_000)
      expect(main.errors.join('\n')).toMatch(
        new RegExp(
          `^Could not reach the ECR API for the default registry in us-east-1 through proxy http://127\\.0\\.0\\.1:${proxy.port}: ` +
            '.*did not establish a connection.*\\(3 attempts\\)\\nNo answer came in time from the API endpoint or the proxy\\.'
        )
      )
    } finally {
      await proxy.close()
    }
  }, 180_000)
})

describe('cancellation', () => {
  test('SIGTERM during main: no docker left running, no temp config dir left, and state holds the logins that landed', async () => {
    front.reset({ kind: 'silent' })
    const main = await run('main', {
      inputs: { registries: `${FLAKY}, ${GOOD}` },
      env: actionEnv(ctx),
      cancelWhen: stdout => new RegExp(`^${re(GOOD)} .*: logged in`, 'm').test(stdout)
    })
    expect(main.code).not.toBe(0)
    expect(main.ms).toBeLessThan(10_000)
    expect(main.stdout).toMatch(
      /^Received SIGTERM: the step is being cancelled; ended 1 process it had started\.$/m
    )
    expect(main.state.registries).toBe(GOOD)
    expect(main.leftovers).toEqual([])
    expect(main.tempDirs).toEqual([])
    expect(Object.keys((await readDockerConfig(ctx)).auths ?? {})).toEqual([GOOD])
  })
})

/** How many requests with wrong credentials the world's registry front has logged so far. */
async function wrongCredentialLines(): Promise<number> {
  const log = await readFile(ctx.world.registryLog, 'utf8').catch(() => '')
  return log.split('\n').filter(line => line.includes(FLAKY) && line.includes('WRONG credentials')).length
}

/**
 * Plain-object fakes for the unit tests: a recording Runner, registry clients, an ECR API factory,
 * a docker CLI and a podman/buildah/skopeo CLI (both ProcessRunner, the one process seam). Each records what it was asked, in order, so tests assert outcomes
 * (outputs, state, requests, argv, stdin) rather than call counts.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { ApiTarget, AuthData, EcrApi } from '../../src/ecr/aws.js'
import type { ClientFactory, ClientName, RegistryClient } from '../../src/clients/client.js'
import type { CommandResult, CommandRunner } from '../../src/clients/docker.js'
import type { ProcessResult, ProcessRunner } from '../../src/process.js'
import type { JobSummary, Runner } from '../../src/runner.js'

/** Everything a Runner was told, in order. */
export type RunnerEvent =
  | { kind: 'setSecret'; value: string }
  | { kind: 'setOutput'; name: string; value: string }
  | { kind: 'saveState'; name: string; value: string }
  | { kind: 'addPath'; dir: string }
  | { kind: 'exportVariable'; name: string; value: string }
  | { kind: 'group'; title: string }
  | { kind: 'endGroup' }
  | { kind: 'summary'; summary: JobSummary }
  | { kind: 'info' | 'warning' | 'error' | 'debug' | 'setFailed'; message: string }

/** The kinds of RunnerEvent that carry a log message. */
export type MessageKind = 'info' | 'warning' | 'error' | 'debug' | 'setFailed'

export interface FakeRunner extends Runner {
  /** Every call, in order: masks, outputs, state, log lines. */
  events: RunnerEvent[]
  /** Outputs as the runner would hand them to later steps (last write wins). */
  outputs: Record<string, string>
  /** State saved by main, or handed to post. */
  state: Record<string, string>
  /** The values registered with the log masker. */
  secrets: string[]
  /** Variables exported for later steps. */
  exported: Record<string, string>
  /** Every job summary written, in order. */
  summaries: JobSummary[]
  /** The messages of one kind, in order. */
  messages(kind: MessageKind): string[]
  /** Every message of every kind, for "never printed" checks. */
  allText(): string
}

/** A Runner whose inputs come from `inputs` (missing ones are empty, as on a real runner). */
export function fakeRunner(
  options: { inputs?: Record<string, string>; state?: Record<string, string> } = {}
): FakeRunner {
  const inputs = options.inputs ?? {}
  const events: RunnerEvent[] = []
  const outputs: Record<string, string> = {}
  const state: Record<string, string> = { ...options.state }
  const secrets: string[] = []
  const exported: Record<string, string> = {}
  const summaries: JobSummary[] = []
  const log = (kind: MessageKind) => (message: string) => {
    events.push({ kind, message })
  }
  return {
    events,
    outputs,
    state,
    secrets,
    exported,
    summaries,
    getInput: name => inputs[name] ?? '',
    setOutput(name, value) {
      events.push({ kind: 'setOutput', name, value })
      outputs[name] = value
    },
    saveState(name, value) {
      events.push({ kind: 'saveState', name, value })
      state[name] = value
    },
    getState: name => state[name] ?? '',
    setSecret(value) {
      events.push({ kind: 'setSecret', value })
      secrets.push(value)
    },
    addPath(dir) {
      events.push({ kind: 'addPath', dir })
    },
    exportVariable(name, value) {
      events.push({ kind: 'exportVariable', name, value })
      exported[name] = value
    },
    async group(title, work) {
      events.push({ kind: 'group', title })
      try {
        return await work()
      } finally {
        events.push({ kind: 'endGroup' })
      }
    },
    async summary(summary) {
      events.push({ kind: 'summary', summary })
      summaries.push(summary)
    },
    info: log('info'),
    warning: log('warning'),
    error: log('error'),
    debug: log('debug'),
    setFailed: log('setFailed'),
    messages: kind => events.flatMap(e => (e.kind === kind ? [e.message] : [])),
    allText: () =>
      events
        .map(e =>
          'message' in e
            ? e.message
            : e.kind === 'setOutput' || e.kind === 'saveState'
              ? e.name
              : e.kind === 'group'
                ? e.title
                : e.kind === 'summary'
                  ? JSON.stringify(e.summary)
                  : ''
        )
        .join('\n')
  }
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

export interface FakeClients extends ClientFactory {
  /** Successful logins, in completion order. */
  logins: { client: ClientName; host: string; username: string; password: string }[]
  /** Successful logouts, in completion order. */
  logouts: { client: ClientName; host: string }[]
  /** Every client made, with the environment it was given, in order. */
  created: { name: ClientName; env: NodeJS.ProcessEnv }[]
  /** The most logins or logouts that were in progress at once, over all clients. */
  maxInFlight: number
}

/**
 * Registry clients that succeed unless `fail` names the host, or `<client> <host>` (the value
 * is what it rejects with), and take `delay(host, client)` milliseconds per call so tests can
 * shape concurrency and completion order. `onPath` lists the clients `locate` finds (default:
 * docker), each at `/usr/bin/<name>`.
 */
export function fakeClients(
  options: {
    onPath?: ClientName[]
    fail?: Record<string, unknown>
    delay?: (host: string, client: ClientName) => number
  } = {}
): FakeClients {
  let inFlight = 0
  const onPath = options.onPath ?? ['docker']
  const track = async (client: ClientName, host: string, record: () => void) => {
    inFlight++
    clients.maxInFlight = Math.max(clients.maxInFlight, inFlight)
    try {
      await sleep(options.delay?.(host, client) ?? 1)
      for (const key of [`${client} ${host}`, host]) {
        if (options.fail && key in options.fail) throw options.fail[key]
      }
      record()
    } finally {
      inFlight--
    }
  }
  const clients: FakeClients = {
    logins: [],
    logouts: [],
    created: [],
    maxInFlight: 0,
    locate: name => (onPath.includes(name) ? `/usr/bin/${name}` : undefined),
    create(name, env): RegistryClient {
      clients.created.push({ name, env: { ...env } })
      return {
        name,
        login: (host, username, password) =>
          track(name, host, () => clients.logins.push({ client: name, host, username, password })),
        logout: host => track(name, host, () => clients.logouts.push({ client: name, host }))
      }
    }
  }
  return clients
}

/** A base64 `user:password` token as GetAuthorizationToken returns it. */
export function token(password: string, username = 'AWS'): string {
  return Buffer.from(`${username}:${password}`).toString('base64')
}

/** The password the fake ECR issues for an account in a region (public: `account` is 'public'). */
export function passwordFor(account: string, region: string): string {
  return `pw:${account}:${region}:eyJwYXlsb2FkIjoi`
}

/** The proxyEndpoint the API returns for a private registry. */
export function endpointFor(account: string, region: string): string {
  return `https://${account}.dkr.ecr.${region}.amazonaws.com`
}

export interface FakeEcrOptions {
  /** The caller's own account, answered when no registryIds are given. */
  defaultAccount?: string
  /** The region the SDK chain would resolve when a target names none. */
  defaultRegion?: string
  /** Makes creating the client for `api` fail with the returned value. */
  failClient?: (api: ApiTarget) => unknown
  /** Makes the call fail with the returned value. */
  failCall?: (api: ApiTarget, registryIds: string[]) => unknown
  /** Returns authorizationData in the reverse of the requested order. */
  reverseOrder?: boolean
  /** expiresAt of each entry; absent means the API left it out. */
  expiresAt?: (api: ApiTarget, account: string) => Date | undefined
}

export interface FakeEcr {
  /** Usable as both tokens.ts's EcrFactory and LoginDeps.ecrFor. */
  ecrFor(api: ApiTarget, options?: unknown): Promise<EcrApi>
  /** Every client made, in order. */
  clients: ApiTarget[]
  /** Every GetAuthorizationToken request, in order. */
  requests: { api: ApiTarget; registryIds: string[] }[]
}

/** An ECR API that issues `passwordFor(account, region)` for every account asked. */
export function fakeEcr(options: FakeEcrOptions = {}): FakeEcr {
  const defaultAccount = options.defaultAccount ?? '123456789012'
  const defaultRegion = options.defaultRegion ?? 'us-east-1'
  const ecr: FakeEcr = {
    clients: [],
    requests: [],
    async ecrFor(api) {
      ecr.clients.push(api)
      const failure = options.failClient?.(api)
      if (failure !== undefined) throw failure
      const region = api.service === 'ecr-public' ? 'us-east-1' : (api.region ?? defaultRegion)
      return {
        region,
        async getAuthorizationToken(registryIds: string[]): Promise<AuthData[]> {
          ecr.requests.push({ api, registryIds: [...registryIds] })
          await sleep(1)
          const callFailure = options.failCall?.(api, registryIds)
          if (callFailure !== undefined) throw callFailure
          if (api.service === 'ecr-public') {
            return [
              {
                authorizationToken: token(passwordFor('public', region)),
                expiresAt: options.expiresAt?.(api, 'public')
              }
            ]
          }
          const accounts = registryIds.length ? registryIds : [defaultAccount]
          const data = accounts.map(account => ({
            authorizationToken: token(passwordFor(account, region)),
            expiresAt: options.expiresAt?.(api, account),
            proxyEndpoint: endpointFor(account, region)
          }))
          return options.reverseOrder ? data.reverse() : data
        }
      }
    }
  }
  return ecr
}

/** One `docker` invocation as the fake CLI saw it. */
export interface CliCall {
  args: string[]
  input?: string
  /** DOCKER_CONFIG of the call. */
  configDir?: string
  /** config.json in DOCKER_CONFIG when docker started, parsed; undefined when there was none. */
  configAtStart?: Record<string, unknown>
  /** Where DOCKER_CONFIG/contexts led (symlinks resolved) when docker started; undefined if nowhere. */
  contextsDir?: string
}

export interface FakeCli {
  run: CommandRunner
  calls: CliCall[]
}

/**
 * A docker CLI that behaves like the real one towards DOCKER_CONFIG: `login` reads the password
 * from stdin and writes `auths[host] = {auth: base64(user:password)}` into DOCKER_CONFIG/config.json,
 * `logout` removes the host's entry. `fail(args)` makes a call exit 1 with that stderr;
 * `delay(args)` makes it take that long, before it touches the config.
 */
export function fakeDockerCli(
  options: { fail?: (args: string[]) => string | undefined; delay?: (args: string[]) => number } = {}
): FakeCli {
  const cli: FakeCli = {
    calls: [],
    async run(_program, args, call): Promise<CommandResult> {
      const env = call.env ?? {}
      // A deferred password (a promise) arrives when the real docker would read it.
      const input = await call.input
      const configDir = env.DOCKER_CONFIG
      const file = configDir && join(configDir, 'config.json')
      const text = file ? await fs.readFile(file, 'utf8').catch(() => undefined) : undefined
      const config = text ? (JSON.parse(text) as { auths?: Record<string, unknown> }) : {}
      const contextsDir = configDir
        ? await fs.realpath(join(configDir, 'contexts')).catch(() => undefined)
        : undefined
      cli.calls.push({
        args: [...args],
        input,
        configDir,
        configAtStart: text ? JSON.parse(text) : undefined,
        contextsDir
      })
      await sleep(options.delay?.(args) ?? 0)
      const stderr = options.fail?.(args)
      if (stderr !== undefined) return { code: 1, stdout: '', stderr }
      if (!file) return { code: 1, stdout: '', stderr: 'no DOCKER_CONFIG' }
      if (args[0] === 'login') {
        const user = args[args.indexOf('--username') + 1]
        const host = args[args.length - 1]
        config.auths = { ...config.auths, [host]: { auth: token(input ?? '', user) } }
        await fs.writeFile(file, JSON.stringify(config, null, '\t'))
        return { code: 0, stdout: 'Login Succeeded\n', stderr: '' }
      }
      if (args[0] === 'logout') {
        const host = args[args.length - 1]
        const auths = { ...config.auths }
        const key = Object.keys(auths).find(k => k.replace(/^https:\/\//, '') === host)
        if (key === undefined) return { code: 0, stdout: `Not logged in to ${host}\n`, stderr: '' }
        delete auths[key]
        await fs.writeFile(file, JSON.stringify({ ...config, auths }, null, '\t'))
        return { code: 0, stdout: `Removing login credentials for ${host}\n`, stderr: '' }
      }
      return { code: 1, stdout: '', stderr: `unknown command ${args[0]}` }
    }
  }
  return cli
}

/** One podman/buildah/skopeo invocation as the fake CLI saw it. */
export interface ContainersCall {
  tool: string
  args: string[]
  input?: string
  /** REGISTRY_AUTH_FILE of the call. */
  authFile?: string
  /** That file's contents when the tool started, parsed; undefined when there was none. */
  fileAtStart?: Record<string, unknown>
}

export interface FakeContainersCli {
  run: ProcessRunner
  calls: ContainersCall[]
}

/**
 * podman, buildah or skopeo as containers/image behaves towards REGISTRY_AUTH_FILE: `login`
 * reads the password from stdin and writes `auths[host] = {auth}`, `logout` removes exactly
 * `auths[host]` or fails with `not logged into <host>`. `fail(args)` makes a call exit 125 with
 * that stderr; `delay(args)` makes it take that long, before it touches the file.
 */
export function fakeContainersCli(
  options: { fail?: (args: string[]) => string | undefined; delay?: (args: string[]) => number } = {}
): FakeContainersCli {
  const cli: FakeContainersCli = {
    calls: [],
    async run(tool, args, call): Promise<ProcessResult> {
      const { env } = call
      // A deferred password (a promise) arrives when the real tool would read it.
      const input = await call.input
      const file = env?.REGISTRY_AUTH_FILE
      const text = file ? await fs.readFile(file, 'utf8').catch(() => undefined) : undefined
      const content = text ? (JSON.parse(text) as { auths?: Record<string, unknown> }) : {}
      cli.calls.push({
        tool,
        args: [...args],
        input,
        authFile: file,
        fileAtStart: text ? JSON.parse(text) : undefined
      })
      await sleep(options.delay?.(args) ?? 0)
      const fail = (stderr: string): ProcessResult => ({ code: 125, stdout: '', stderr, timedOut: false })
      const stderr = options.fail?.(args)
      if (stderr !== undefined) return fail(stderr)
      if (!file) return fail('no REGISTRY_AUTH_FILE in this test')
      const host = args[args.length - 1]
      if (args[0] === 'login') {
        const user = args[args.indexOf('--username') + 1]
        content.auths = { ...content.auths, [host]: { auth: token(input ?? '', user) } }
        await fs.writeFile(file, JSON.stringify(content, null, '\t'))
        return { code: 0, stdout: 'Login Succeeded!\n', stderr: '', timedOut: false }
      }
      if (args[0] === 'logout') {
        if (!content.auths || !(host in content.auths)) return fail(`Error: not logged into ${host}\n`)
        delete content.auths[host]
        await fs.writeFile(file, JSON.stringify(content, null, '\t'))
        return { code: 0, stdout: `Removed login credentials for ${host}\n`, stderr: '', timedOut: false }
      }
      return fail(`unknown command ${args[0]}`)
    }
  }
  return cli
}

import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { accessSync, closeSync, constants, openSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { constants as osConstants, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { makeCertificates } from './tls.js'

// The e2e world: a network namespace that has only loopback, in which AWS-like host names resolve (through a
// generated /etc/hosts, bind-mounted in a private mount namespace) to a registry, to an address where an
// EcrEmulator can listen on 443, and to a dead address. dockerd and tinyproxy run in it too, so nothing a test
// does can reach a real AWS endpoint, and the code under test needs no endpoint override to find the fakes.

/** Accounts whose registry hosts resolve to the world's registry; the 1000000000xx ones serve "eleven accounts" tests. */
export const ACCOUNTS: readonly string[] = [
  '111111111111',
  '222222222222',
  '333333333333',
  ...Array.from({ length: 12 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`),
  '012345678901'
]

/** An account whose registry hosts resolve to an address where nothing listens. */
export const DOWN_ACCOUNT = '999999999999'

/**
 * An account whose registry hosts resolve to `FLAKY_IP`, where nothing listens until a test puts its own front
 * on port 80 (e.g. a FaultFront from fault-front.ts, which resets, stalls or answers 503 before forwarding to
 * the registry at `REGISTRY_IP`:80). Port 443 stays closed there, so docker falls back to plain HTTP as it does
 * for the other registry hosts.
 */
export const FLAKY_ACCOUNT = '555555555555'

/** Regions that have registry and API host names in the world. */
export const REGIONS: readonly string[] = [
  'us-east-1',
  'us-west-2',
  'eu-west-1',
  'eu-central-1',
  'cn-north-1',
  'cn-northwest-1',
  'eusc-de-east-1',
  'us-gov-west-1'
]

/** The spellings of a private registry host; every one exists in the world for every account and region. */
export const REGISTRY_FORMS = {
  standard: (a: string, r: string) => `${a}.dkr.ecr.${r}.amazonaws.com`,
  fips: (a: string, r: string) => `${a}.dkr.ecr-fips.${r}.amazonaws.com`,
  'dual-stack': (a: string, r: string) => `${a}.dkr-ecr.${r}.on.aws`,
  'dual-stack-fips': (a: string, r: string) => `${a}.dkr-ecr-fips.${r}.on.aws`,
  china: (a: string, r: string) => `${a}.dkr.ecr.${r}.amazonaws.com.cn`,
  'china-dual-stack': (a: string, r: string) => `${a}.dkr-ecr.${r}.on.amazonwebservices.com.cn`,
  eu: (a: string, r: string) => `${a}.dkr.ecr.${r}.amazonaws.eu`
} as const

/** A key of `REGISTRY_FORMS`. */
export type RegistryForm = keyof typeof REGISTRY_FORMS

/** A company's own host in front of a registry (a `registries` list item's alias); it reaches the world's registry. */
export const ALIAS_HOST = 'registry.company.example'

/** ECR Public's registry hosts. */
export const PUBLIC_HOSTS: readonly string[] = ['public.ecr.aws', 'ecr-public.aws.com']

/** Where registry hosts resolve: the world's registry (plain HTTP on port 80). */
export const REGISTRY_IP = '127.0.0.1'
/** Where API hosts resolve: bind an `EcrEmulator` to this address, port 443. */
export const API_IP = '127.0.0.2'
/** Where `DOWN_ACCOUNT`'s hosts resolve; nothing listens there. */
export const DOWN_IP = '127.0.0.9'
/** Where `FLAKY_ACCOUNT`'s hosts resolve; a test listens on port 80 here. */
export const FLAKY_IP = '127.0.0.5'
/** tinyproxy's port on 127.0.0.1 inside the world. */
export const PROXY_PORT = 8888

/**
 * The registry password every emulated token carries. About 100 characters and containing colons, so tests can
 * prove a token `AWS:<password>` is split at its FIRST colon: the password output must be this whole string.
 */
export const WORLD_PASSWORD =
  'eyJwYXlsb2FkIjoi:c2VjcmV0LXBhcnQtYWZ0ZXItdGhlLWZpcnN0LWNvbG9u:ZWNyLWxvZ2luLXdvcmxkLXBhc3N3b3JkLXYx:end'

/**
 * A token longer than Windows Credential Manager's 2560 bytes (credential-stores.test.ts), which the registry
 * front accepts too: the registry's own bcrypt check reads only its first 72 bytes, which are WORLD_PASSWORD's.
 */
export const WORLD_LONG_PASSWORD = `${WORLD_PASSWORD}:${'long-role-session-token-'.repeat(120)}`

/** The registry host of `account` in `region`; by default the spelling of the region's partition. */
export function registryHost(account: string, region: string, form?: RegistryForm): string {
  const chosen = form ?? (region.startsWith('cn-') ? 'china' : region.startsWith('eusc-') ? 'eu' : 'standard')
  return REGISTRY_FORMS[chosen](account, region)
}

/** Every private registry host in the world (for `accounts`, by default `ACCOUNTS`). */
export function registryHosts(accounts: readonly string[] = ACCOUNTS): string[] {
  const forms = Object.values(REGISTRY_FORMS)
  return accounts.flatMap(a => REGIONS.flatMap(r => forms.map(f => f(a, r))))
}

/** Every AWS API host in the world; they all resolve to `API_IP`. */
export const API_HOSTS: readonly string[] = [
  ...REGIONS.flatMap(r => [
    `api.ecr.${r}.amazonaws.com`,
    `ecr-fips.${r}.amazonaws.com`,
    `api.ecr-fips.${r}.amazonaws.com`,
    `ecr.${r}.api.aws`,
    `ecr-fips.${r}.api.aws`,
    `api.ecr.${r}.amazonaws.com.cn`,
    `api.ecr.${r}.amazonaws.eu`
  ]),
  'api.ecr-public.us-east-1.amazonaws.com',
  'ecr-public.us-east-1.api.aws',
  'sts.amazonaws.com',
  'sts.us-east-1.amazonaws.com'
]

/** Names of the environment variables that describe a running world to the commands inside it. */
export const WORLD_ENV = {
  dir: 'ECR_WORLD_DIR',
  dockerHost: 'DOCKER_HOST',
  password: 'ECR_WORLD_PASSWORD',
  ca: 'ECR_WORLD_CA',
  cert: 'ECR_WORLD_CERT',
  key: 'ECR_WORLD_KEY',
  proxyUrl: 'ECR_WORLD_PROXY_URL',
  proxyLog: 'ECR_WORLD_PROXY_LOG',
  registryLog: 'ECR_WORLD_REGISTRY_LOG',
  ns: 'ECR_WORLD_NS'
} as const

/** What a test needs to know about the world it runs in. */
export type WorldInfo = { [K in keyof typeof WORLD_ENV]: string }

/** The world the current process runs in, read from the environment that world-cli.ts sets. */
export function worldFromEnv(env: NodeJS.ProcessEnv = process.env): WorldInfo {
  const missing = Object.values(WORLD_ENV).filter(name => !env[name])
  if (missing.length > 0) {
    throw new Error(
      `not inside an e2e world (missing ${missing.join(', ')}); run the e2e suite with \`npm run test:e2e\``
    )
  }
  const entries = Object.entries(WORLD_ENV).map(([k, name]) => [k, env[name] as string])
  return Object.fromEntries(entries) as WorldInfo
}

/** Options for `startWorld`. */
export interface WorldOptions {
  /** Progress lines; default: none. */
  log?: (line: string) => void
  /** Install missing Debian packages with apt-get when running as root; default true. */
  install?: boolean
  /** Aborting stops a world that is still starting; `startWorld` then rejects. */
  signal?: AbortSignal
  /**
   * The port on `REGISTRY_IP` where the registry front listens; default 80, where registry hosts are reached.
   * With another port nothing in the world answers on port 80, so that a command inside the world can put its
   * own listener there, e.g. the bench's delaying proxy (bench/delay-proxy.ts) in front of this port.
   */
  registryFrontPort?: number
}

/** Result of `World.exec`. */
export interface ExecResult {
  code: number
  stdout: string
  stderr: string
}

/** Options for `World.exec` and `World.spawn`. */
export interface WorldExecOptions {
  /** Added to (or, with undefined, removed from) the world's environment. */
  env?: Record<string, string | undefined>
  cwd?: string
  /** Written to stdin (exec only). */
  input?: string
  /** Kill the command after this long (exec only); default none. */
  timeoutMs?: number
}

const REQUIRED = {
  dockerd: 'docker.io',
  docker: 'docker.io',
  'docker-registry': 'docker-registry',
  htpasswd: 'apache2-utils',
  tinyproxy: 'tinyproxy',
  ip: 'iproute2',
  nsenter: 'util-linux',
  unshare: 'util-linux',
  openssl: 'openssl'
} as const
type Tool = keyof typeof REQUIRED
const APT_PACKAGES = [
  'docker.io',
  'docker-registry',
  'apache2-utils',
  'tinyproxy',
  'iproute2',
  'openssl',
  'util-linux'
]
const SYSTEM_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']
const PROXY_VARS = ['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy']

interface Daemon {
  name: string
  child: ChildProcess
  log: string
  exited: Promise<void>
  error?: Error
}

/** A running world: a network namespace with its own /etc/hosts, a registry, dockerd and tinyproxy. */
export class World {
  /** Values of the `WORLD_ENV` variables, plus DOCKER_HOST. */
  readonly env: Record<string, string>
  private readonly daemons: Daemon[] = []
  private netnsCreated = false
  private stopping?: Promise<void>

  private constructor(
    /** The temp root; everything the world writes lives here. */
    readonly dir: string,
    /** The network namespace's name (under /run/netns). */
    readonly ns: string,
    private readonly tools: Record<Tool, string>,
    private readonly log: (line: string) => void,
    /** Where the registry front listens on `REGISTRY_IP`: 80 unless `WorldOptions.registryFrontPort` moved it. */
    readonly registryFrontPort: number = REGISTRY_PORT
  ) {
    this.env = {
      [WORLD_ENV.dir]: dir,
      [WORLD_ENV.dockerHost]: `unix://${join(dir, 'docker.sock')}`,
      [WORLD_ENV.password]: WORLD_PASSWORD,
      [WORLD_ENV.ca]: join(dir, 'tls', 'ca.pem'),
      [WORLD_ENV.cert]: join(dir, 'tls', 'server.pem'),
      [WORLD_ENV.key]: join(dir, 'tls', 'server-key.pem'),
      [WORLD_ENV.proxyUrl]: `http://127.0.0.1:${PROXY_PORT}`,
      [WORLD_ENV.proxyLog]: join(dir, 'tinyproxy.log'),
      [WORLD_ENV.registryLog]: join(dir, 'registry.log'),
      [WORLD_ENV.ns]: ns
    }
  }

  /** The same facts as `worldFromEnv` gives a process inside the world. */
  get info(): WorldInfo {
    return worldFromEnv(this.env)
  }

  /** `[command, args]` for child_process that run `cmd args` inside the world (its network and /etc/hosts). */
  spawnArgs(cmd: string, args: readonly string[] = []): [string, string[]] {
    const hosts = join(this.dir, 'hosts')
    const resolv = join(this.dir, 'resolv.conf')
    // Only /etc/hosts and /etc/resolv.conf are swapped, in a private mount namespace. `ip netns exec` would also
    // remount /sys, which leaves dockerd without a devices cgroup.
    const script =
      `mount --bind ${quote(hosts)} /etc/hosts && ` +
      `{ [ ! -e /etc/resolv.conf ] || mount --bind ${quote(resolv)} /etc/resolv.conf; } && exec "$@"`
    return [
      this.tools.nsenter,
      [`--net=/run/netns/${this.ns}`, this.tools.unshare, '-m', '/bin/sh', '-c', script, 'sh', cmd, ...args]
    ]
  }

  /** The environment for commands in the world: ours without proxy variables, plus the world's, plus `extra`. */
  commandEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env }
    // A host proxy means nothing inside a namespace that has only loopback.
    for (const name of Object.keys(env)) if (PROXY_VARS.includes(name.toLowerCase())) delete env[name]
    for (const [k, v] of Object.entries(extra)) {
      if (v === undefined) delete env[k]
      else env[k] = v
    }
    return env
  }

  /** Starts `cmd args` inside the world; stdio and the rest of `options` are passed to child_process.spawn. */
  spawn(
    cmd: string,
    args: readonly string[] = [],
    opts: WorldExecOptions & Pick<SpawnOptions, 'stdio' | 'detached'> = {}
  ): ChildProcess {
    const [command, argv] = this.spawnArgs(cmd, args)
    return spawn(command, argv, {
      cwd: opts.cwd,
      env: this.commandEnv(opts.env),
      stdio: opts.stdio,
      detached: opts.detached
    })
  }

  /** Runs `cmd args` inside the world to completion and collects its output. */
  exec(cmd: string, args: readonly string[] = [], opts: WorldExecOptions = {}): Promise<ExecResult> {
    return collect(this.spawn(cmd, args, { ...opts, stdio: ['pipe', 'pipe', 'pipe'] }), opts)
  }

  /** Stops every process in the world, deletes the namespace and the temp root. Safe to call more than once. */
  stop(): Promise<void> {
    this.stopping ??= this.teardown()
    return this.stopping
  }

  /** Creates and starts a world; see `startWorld`. */
  static async start(opts: WorldOptions = {}): Promise<World> {
    const log = opts.log ?? (() => undefined)
    const tools = await requireTools(opts.install ?? true, log)
    check(opts.signal)
    const dir = await mkdtemp(join(tmpdir(), 'ecr-world-'))
    const ns = `ecrw-${process.pid}-${randomBytes(2).toString('hex')}`
    const world = new World(dir, ns, tools, log, opts.registryFrontPort ?? REGISTRY_PORT)
    try {
      await world.setUp(opts.signal)
    } catch (error) {
      await world.stop()
      throw error
    }
    return world
  }

  private async setUp(signal?: AbortSignal): Promise<void> {
    const started = Date.now()
    const { ip, nsenter } = this.tools
    await run(ip, ['netns', 'add', this.ns])
    this.netnsCreated = true
    await run(nsenter, [`--net=/run/netns/${this.ns}`, ip, 'link', 'set', 'lo', 'up'])
    await this.writeFiles()
    check(signal)
    this.log(`world ${this.ns}: namespace and files ready in ${Date.now() - started} ms`)

    const registry = this.startDaemon('registry', this.tools['docker-registry'], [
      'serve',
      join(this.dir, 'registry.yml')
    ])
    const front = this.startDaemon(
      'registry-front',
      process.execPath,
      [join(this.dir, 'registry-front.mjs')],
      {
        log: 'registry',
        env: {
          FRONT_EXPECTED: [WORLD_PASSWORD, WORLD_LONG_PASSWORD]
            .map(password => `Basic ${Buffer.from(`AWS:${password}`).toString('base64')}`)
            .join(','),
          FRONT_HOST: REGISTRY_IP,
          FRONT_PORT: String(this.registryFrontPort),
          FRONT_BACKEND_PORT: String(REGISTRY_BACKEND_PORT)
        }
      }
    )
    const proxy = this.startDaemon('tinyproxy', this.tools.tinyproxy, [
      '-d',
      '-c',
      join(this.dir, 'tinyproxy.conf')
    ])
    const docker = join(this.dir, 'docker')
    const dockerd = this.startDaemon('dockerd', this.tools.dockerd, [
      `--data-root=${join(docker, 'data')}`,
      `--exec-root=${join(docker, 'exec')}`,
      `--pidfile=${join(docker, 'dockerd.pid')}`,
      `--config-file=${join(docker, 'daemon.json')}`,
      `--host=${this.env.DOCKER_HOST}`,
      '--iptables=false',
      '--ip-masq=false',
      '--ip-forward=false',
      '--bridge=none',
      '--storage-driver=vfs'
    ])
    await Promise.all([
      this.waitFor(registry, 10_000, signal, () =>
        listening(registry.child, REGISTRY_IP, REGISTRY_BACKEND_PORT)
      ),
      this.waitFor(front, 10_000, signal, () => listening(front.child, REGISTRY_IP, this.registryFrontPort)),
      this.waitFor(proxy, 10_000, signal, () => listening(proxy.child, '127.0.0.1', PROXY_PORT)),
      this.waitFor(dockerd, 30_000, signal, () => dockerPing(join(this.dir, 'docker.sock')))
    ])
    const version = await run(this.tools.docker, ['version', '--format', '{{.Server.Version}}'], {
      env: { ...daemonEnv(this.dir), DOCKER_HOST: this.env.DOCKER_HOST }
    })
    this.log(
      `world ${this.ns}: registry, tinyproxy and dockerd ${version.trim()} up in ${Date.now() - started} ms`
    )
  }

  private async writeFiles(): Promise<void> {
    const d = this.dir
    await Promise.all(
      ['tls', 'home', 'registry', 'docker/data', 'docker/exec'].map(p =>
        mkdir(join(d, p), { recursive: true })
      )
    )
    const upHosts = [...registryHosts(), ...PUBLIC_HOSTS, ALIAS_HOST]
    const downHosts = registryHosts([DOWN_ACCOUNT])
    const flakyHosts = registryHosts([FLAKY_ACCOUNT])
    await makeCertificates(join(d, 'tls'), [
      ...upHosts,
      ...downHosts,
      ...flakyHosts,
      ...API_HOSTS,
      'localhost',
      '127.0.0.1',
      API_IP
    ])
    const hosts = [
      '# generated by __tests__/support/world.ts',
      '127.0.0.1 localhost',
      '::1 localhost ip6-localhost ip6-loopback',
      ...upHosts.map(h => `${REGISTRY_IP} ${h}`),
      ...API_HOSTS.map(h => `${API_IP} ${h}`),
      ...downHosts.map(h => `${DOWN_IP} ${h}`),
      ...flakyHosts.map(h => `${FLAKY_IP} ${h}`),
      ''
    ]
    const htpasswd = await run(this.tools.htpasswd, ['-Bin', 'AWS'], { input: `${WORLD_PASSWORD}\n` })
    await Promise.all([
      writeFile(join(d, 'hosts'), hosts.join('\n')),
      // Anything not in the hosts file must fail at once rather than wait for a resolver that cannot be reached.
      writeFile(join(d, 'resolv.conf'), 'nameserver 127.0.0.1\noptions timeout:1 attempts:1\n'),
      writeFile(join(d, 'htpasswd'), htpasswd),
      writeFile(
        join(d, 'registry.yml'),
        [
          'version: 0.1',
          'log:',
          '  level: info',
          '  formatter: text',
          'storage:',
          '  filesystem:',
          `    rootdirectory: ${join(d, 'registry')}`,
          '  maintenance:',
          '    uploadpurging:',
          '      enabled: false',
          'http:',
          `  addr: ${REGISTRY_IP}:${REGISTRY_BACKEND_PORT}`,
          `  secret: ${randomBytes(16).toString('hex')}`,
          'auth:',
          '  htpasswd:',
          '    realm: ecr-world',
          `    path: ${join(d, 'htpasswd')}`,
          ''
        ].join('\n')
      ),
      // No ConnectPort line: tinyproxy then allows CONNECT to any port, which emulators on random ports need.
      writeFile(
        join(d, 'tinyproxy.conf'),
        [
          `Port ${PROXY_PORT}`,
          'Listen 127.0.0.1',
          'Timeout 60',
          'MaxClients 100',
          'Allow 127.0.0.1',
          'LogLevel Info',
          `LogFile "${join(d, 'tinyproxy.log')}"`,
          `PidFile "${join(d, 'tinyproxy.pid')}"`,
          'DisableViaHeader Yes',
          ''
        ].join('\n')
      ),
      writeFile(join(d, 'docker', 'daemon.json'), '{}\n'),
      writeFile(join(d, 'registry-front.mjs'), REGISTRY_FRONT)
    ])
  }

  private startDaemon(
    name: string,
    cmd: string,
    args: string[],
    opts: { log?: string; env?: Record<string, string> } = {}
  ): Daemon {
    const log = join(this.dir, `${opts.log ?? name}.log`)
    const fd = openSync(log, 'a')
    const [command, argv] = this.spawnArgs(cmd, args)
    // Own process group: a Ctrl-C on the terminal must not kill the daemons before stop() takes them down in order.
    const env = { ...daemonEnv(this.dir), ...opts.env }
    const child = spawn(command, argv, { stdio: ['ignore', fd, fd], env, detached: true })
    closeSync(fd)
    const daemon: Daemon = { name, child, log, exited: Promise.resolve() }
    daemon.exited = new Promise<void>(resolve => {
      child.once('exit', () => resolve())
      child.once('error', error => {
        daemon.error = error
        resolve()
      })
    })
    this.daemons.push(daemon)
    return daemon
  }

  private async waitFor(
    daemon: Daemon,
    timeoutMs: number,
    signal: AbortSignal | undefined,
    ready: () => Promise<boolean>
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      check(signal)
      if (daemon.error) throw new Error(`cannot start ${daemon.name}: ${daemon.error.message}`)
      if (daemon.child.exitCode !== null || daemon.child.signalCode !== null) {
        throw new Error(
          `${daemon.name} exited during start-up (${daemon.child.exitCode ?? daemon.child.signalCode}); ` +
            `last lines of ${daemon.log}:\n${await tail(daemon.log)}`
        )
      }
      if (await ready().catch(() => false)) return
      if (Date.now() > deadline) {
        throw new Error(
          `${daemon.name} was not ready after ${timeoutMs / 1000} s; last lines of ${daemon.log}:\n${await tail(daemon.log)}`
        )
      }
      await sleep(100)
    }
  }

  private async teardown(): Promise<void> {
    const started = Date.now()
    // dockerd last: it is the slowest to stop, and the others have nothing to flush.
    const order = [...this.daemons].sort(
      (a, b) => Number(a.name === 'dockerd') - Number(b.name === 'dockerd')
    )
    await Promise.all(order.map(d => stopProcess(d.child, d.exited, d.name === 'dockerd' ? 20_000 : 5_000)))
    if (this.netnsCreated) {
      // Whatever is still in the namespace was started by the world (containerd, or a command left running).
      await killNamespace(this.ns)
      await run(this.tools.ip, ['netns', 'delete', this.ns]).catch(e =>
        this.log(`world ${this.ns}: ${String(e)}`)
      )
    }
    await removeTree(this.dir)
    this.log(`world ${this.ns}: stopped in ${Date.now() - started} ms`)
  }
}

/** Creates and starts a world; the caller must `stop()` it. Throws (after cleaning up) if any part cannot start. */
export function startWorld(opts: WorldOptions = {}): Promise<World> {
  return World.start(opts)
}

const REGISTRY_BACKEND_PORT = 5000
/** Registry hosts are reached on this port of `REGISTRY_IP` (plain HTTP), as docker tries after HTTPS is refused. */
const REGISTRY_PORT = 80

/**
 * The program in front of the registry on port 80 (or `registryFrontPort`). The registry's htpasswd check is
 * bcrypt, which reads only the first 72 bytes of a password, so a client that mangled the end of the token would
 * still log in. The front compares the whole Basic credential and hands matching requests to the registry, which checks them again.
 * Plain JavaScript, configured through the environment, so that node runs it without a TypeScript loader.
 */
const REGISTRY_FRONT = [
  "import { Agent, createServer, request } from 'node:http'",
  'const { FRONT_EXPECTED: expected, FRONT_HOST: host, FRONT_PORT: front, FRONT_BACKEND_PORT: port } = process.env',
  'const agent = new Agent({ keepAlive: true })',
  "const log = line => process.stdout.write('registry-front: ' + new Date().toISOString() + ' ' + line + '\\n')",
  'const unauthorized = JSON.stringify({',
  "  errors: [{ code: 'UNAUTHORIZED', message: 'authentication required', detail: null }]",
  '})',
  'createServer((req, res) => {',
  '  const auth = req.headers.authorization',
  "  const ok = auth !== undefined && expected.split(',').includes(auth)",
  "  const verdict = auth === undefined ? 'no credentials' : ok ? 'credentials ok' : 'WRONG credentials'",
  "  const what = req.method + ' ' + req.headers.host + req.url",
  '  if (!ok) {',
  "    log(what + ' -> 401 (' + verdict + ')')",
  '    res.writeHead(401, {',
  "      'content-type': 'application/json; charset=utf-8',",
  "      'docker-distribution-api-version': 'registry/2.0',",
  "      'www-authenticate': 'Basic realm=\"ecr-world\"',",
  "      'content-length': Buffer.byteLength(unauthorized)",
  '    })',
  '    return res.end(unauthorized)',
  '  }',
  '  const options = { host, port: Number(port), method: req.method, path: req.url, headers: req.headers, agent }',
  '  const upstream = request(options, up => {',
  "    log(what + ' -> ' + up.statusCode + ' (' + verdict + ')')",
  '    res.writeHead(up.statusCode, up.rawHeaders)',
  '    up.pipe(res)',
  '  })',
  "  upstream.on('error', error => {",
  "    log(what + ' -> 502 (' + error.message + ')')",
  '    if (!res.headersSent) res.writeHead(502)',
  '    res.end()',
  '  })',
  '  req.pipe(upstream)',
  "}).listen(Number(front || '80'), host)",
  ''
].join('\n')

/** Checks for root and the world's commands, installing the Debian packages if allowed; returns absolute paths. */
export async function requireTools(
  install: boolean,
  log: (line: string) => void
): Promise<Record<Tool, string>> {
  if (process.getuid?.() !== 0) {
    throw new Error(
      'the e2e world needs root to create a network namespace and start dockerd; run as root (CI does)'
    )
  }
  let found = findTools()
  const missing = () => (Object.keys(REQUIRED) as Tool[]).filter(t => !found[t])
  if (missing().length > 0 && install && findExecutable('apt-get')) {
    log(`world: installing ${APT_PACKAGES.join(' ')} (missing: ${missing().join(', ')})`)
    const aptEnv = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    await run('apt-get', ['update'], { env: aptEnv, inherit: true })
    await run('apt-get', ['install', '-y', '--no-install-recommends', ...APT_PACKAGES], {
      env: aptEnv,
      inherit: true
    })
    found = findTools()
  }
  const still = missing()
  if (still.length > 0) {
    const packages = [...new Set(still.map(t => REQUIRED[t]))]
    throw new Error(
      `the e2e world needs ${still.join(', ')}, which ${still.length === 1 ? 'is' : 'are'} not installed; ` +
        `install the Debian packages: apt-get install -y ${packages.join(' ')}`
    )
  }
  return found as Record<Tool, string>
}

function findTools(): Partial<Record<Tool, string>> {
  const out: Partial<Record<Tool, string>> = {}
  for (const t of Object.keys(REQUIRED) as Tool[]) {
    const p = findExecutable(t)
    if (p) out[t] = p
  }
  return out
}

/** The absolute path of `name` on PATH (and the system sbin directories, which a non-login PATH may lack). */
export function findExecutable(name: string, exclude: readonly string[] = []): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), ...SYSTEM_PATH]
  for (const d of dirs) {
    if (!d || exclude.includes(d)) continue
    try {
      accessSync(join(d, name), constants.X_OK)
      if (statSync(join(d, name)).isFile()) return join(d, name)
    } catch {
      // not in this directory
    }
  }
  return undefined
}

function daemonEnv(dir: string): NodeJS.ProcessEnv {
  // A clean environment: dockerd would send registry traffic to any HTTP(S)_PROXY it inherits.
  return { PATH: SYSTEM_PATH.join(delimiter), HOME: join(dir, 'home'), LANG: 'C.UTF-8' }
}

async function listening(child: ChildProcess, ip: string, port: number): Promise<boolean> {
  // /proc/<pid>/net/tcp shows the sockets of the process's namespace, so readiness needs no probe inside it.
  const table = await readFile(`/proc/${child.pid}/net/tcp`, 'utf8')
  const local = `${ip.split('.').reverse().map(hex2).join('')}:${port.toString(16).toUpperCase().padStart(4, '0')}`
  return table.split('\n').some(line => {
    const cols = line.trim().split(/\s+/)
    return cols[1] === local && cols[3] === '0A'
  })
}

function hex2(octet: string): string {
  return Number(octet).toString(16).toUpperCase().padStart(2, '0')
}

function dockerPing(socketPath: string): Promise<boolean> {
  return new Promise(resolve => {
    const req = request({ socketPath, path: '/_ping', timeout: 1000 }, res => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.on('error', () => resolve(false))
    req.on('timeout', () => req.destroy())
    req.end()
  })
}

async function stopProcess(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  child.kill('SIGTERM')
  if (await within(exited, graceMs)) return
  child.kill('SIGKILL')
  await within(exited, 5_000)
}

async function killNamespace(ns: string): Promise<void> {
  let inode: number
  try {
    inode = statSync(`/run/netns/${ns}`).ino
  } catch {
    return
  }
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    const pids = await namespacePids(inode)
    if (pids.length === 0) return
    for (const pid of pids) {
      try {
        process.kill(pid, sig)
      } catch {
        // already gone
      }
    }
    const deadline = Date.now() + 5_000
    while (Date.now() < deadline && (await namespacePids(inode)).length > 0) await sleep(100)
  }
}

async function namespacePids(inode: number): Promise<number[]> {
  const want = `net:[${inode}]`
  const pids: number[] = []
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const link = await readlink(`/proc/${entry}/ns/net`).catch(() => '')
    if (link === want) pids.push(Number(entry))
  }
  return pids
}

async function removeTree(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await rm(dir, { recursive: true, force: true, maxRetries: 3 })
      return
    } catch {
      // vfs layers can hold read-only directories; `rm -rf` handles them where fs.rm sometimes gives up.
      await run('rm', ['-rf', dir]).catch(() => undefined)
      await sleep(200)
    }
  }
}

function collect(child: ChildProcess, opts: WorldExecOptions): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    let stdout = ''
    let stderr = ''
    child.stdout?.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr?.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code: code ?? 128 + signalNumber(signal), stdout, stderr })
    })
    child.stdin?.on('error', () => undefined)
    child.stdin?.end(opts.input ?? '')
  })
}

/** The number of a signal; a shell reports 128 + this as the exit code of a process it killed. */
export function signalNumber(signal: NodeJS.Signals | null): number {
  return signal ? osConstants.signals[signal] : 1
}

async function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; inherit?: boolean } = {}
): Promise<string> {
  const child = spawn(cmd, args, {
    env: opts.env ?? process.env,
    stdio: opts.inherit ? ['ignore', 2, 2] : ['pipe', 'pipe', 'pipe']
  })
  const result = await collect(child, { input: opts.input })
  if (result.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.code}): ${result.stderr.trim()}`)
  }
  return result.stdout
}

async function tail(file: string, lines = 20): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '')
  return text.trimEnd().split('\n').slice(-lines).join('\n')
}

function within(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise(resolve => {
    const timer = setTimeout(() => resolve(false), ms)
    void p.then(() => {
      clearTimeout(timer)
      resolve(true)
    })
  })
}

function check(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Error('world start-up was interrupted')
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms))
}

function quote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

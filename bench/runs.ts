// The bench's runs, inside the world: our job (main, then post) and the floor, alternately; bundle load and size;
// one traced job per case, summarised as phases.
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EcrEmulator } from '../__tests__/support/ecr-emulator.js'
import { EMULATOR_KEYS } from '../__tests__/support/ecr-emulator.js'
import type { DelayProxy } from './delay-proxy.js'
import { configDirs, floorApi, floorLogins, floorLogouts, nodeStart, removeDirs } from './floor.js'
import { HOME_REGION, type JobCase, type Options } from './options.js'
import { runTimedJob, runTimedStep, withTempDir, type StepRun } from './step.js'

const TRACE_PRELOAD = fileURLToPath(new URL('./trace.mjs', import.meta.url))
const [KEY] = EMULATOR_KEYS

export interface Stats {
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

export type Step = 'main' | 'post' | 'job'

export interface Target {
  what: string
  limit: number
  unit: '×' | 'ms'
  value: number
  met: boolean
}

export interface JobResult {
  id: string
  title: string
  runs: JobRun[]
  ours: Record<Step, Stats>
  floor: Record<Step, Stats> & { parts: Record<'node' | 'api' | 'logins' | 'logouts', Stats> }
  ratio: Record<Step, number>
  targets: Partial<Record<Step, Target>>
  trace?: { main: StepTrace; post: StepTrace }
}

export interface LoadResult {
  runs: number
  node: Stats
  main: Stats
  post: Stats
  target: Target
}

export interface SizeResult {
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

export interface Bench {
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

export function log(line: string): void {
  process.stderr.write(`${line}\n`)
}

export function ms(value: number): string {
  return `${Math.round(value)} ms`
}

/** The environment of a job: the runner's, a fresh HOME and RUNNER_TEMP, and what configure-aws-credentials sets. */
export function jobEnv(bench: Bench, home: string, temp: string): Record<string, string> {
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

export type StepName = 'main' | 'post'

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

export async function benchJob(bench: Bench, c: JobCase): Promise<JobResult> {
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
export async function benchLoad(bench: Bench): Promise<LoadResult> {
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

export async function benchSize(dist: string): Promise<SizeResult> {
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

export interface StepTrace {
  ms: number
  phases: { from: number; to: number; what: string }[]
  notes: string[]
  events: TraceEvent[]
}

export async function traceJob(bench: Bench, c: JobCase): Promise<{ main: StepTrace; post: StepTrace }> {
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

// The performance bench: `npm run bench [-- options]` (= `tsx bench/bench.ts`); see bench/README.md.
//
// It runs the bundled action (a snapshot of dist/, or of a git ref's dist/) as the Actions runner does, against
// the e2e world (dockerd, registry, ECR API emulator) with latency added by delaying TCP proxies, next to a
// floor made of what the job cannot avoid: node start-up, one signed API call per region, one round of docker
// logins and logouts. The bench starts a world itself and re-executes itself inside it.
import type { ChildProcess } from 'node:child_process'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { cpus, loadavg, tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { actionDefaults, REPO_ROOT } from '../__tests__/support/action-runner.js'
import { EcrEmulator } from '../__tests__/support/ecr-emulator.js'
import {
  ACCOUNTS,
  API_IP,
  REGISTRY_IP,
  signalNumber,
  startWorld,
  worldFromEnv,
  type World
} from '../__tests__/support/world.js'
import { DelayProxy } from './delay-proxy.js'
import { caseTable, DIST, DIST_LABEL, INNER, parseOptions, USAGE, type Options } from './options.js'
import { render } from './report.js'
import { benchJob, benchLoad, benchSize, jobEnv, log, traceJob, type Bench, type JobResult } from './runs.js'
import { benchStubbed, renderStubbed } from './stubbed.js'

/** Where the world's registry front listens when the bench's delaying proxy takes port 80. */
const FRONT_PORT = 8081
const SELF = fileURLToPath(import.meta.url)

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
/** PATH without the node_modules/.bin entries that npm and npx add, which a runner does not have. */
function runnerPath(): string {
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(d => d && !d.includes('node_modules') && !d.includes('node-gyp-bin'))
    .join(delimiter)
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

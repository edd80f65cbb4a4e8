// `npm run bench:helper`: `docker-credential-ecr-login get` on a warm cache, ours (dist/helper)
// against the Go helper (Debian's amazon-ecr-credential-helper), and `node -e 0` as our floor.
// A cache hit needs no network; the API endpoints point at a closed local port so a miss fails
// fast instead of leaving the machine.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cacheKey, legacyKeyHash } from '../src/helper/cache-file.js'
import { primeCache, readCache, writeCache } from '../src/helper/cache.js'

const RUNS = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 31
const GO_HELPER = '/usr/bin/docker-credential-ecr-login'
const HOST = '111111111111.dkr.ecr.us-east-1.amazonaws.com'
const KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
const dist = join(
  import.meta.dirname ?? new URL('.', import.meta.url).pathname,
  '..',
  'dist',
  'helper',
  'index.js'
)

const dir = mkdtempSync(join(tmpdir(), 'ecr-bench-helper-'))
try {
  // Both cache keys: ours (sha256, Go >= 0.12) and the legacy one Debian's Go 0.6 reads.
  const cacheDir = join(dir, 'cache')
  primeCache(cacheDir, KEY_ID, [
    {
      host: HOST,
      username: 'AWS',
      password: 'bench:password',
      expiresAt: new Date(Date.now() + 12 * 3600_000)
    }
  ])
  const registries = readCache(cacheDir)
  const [entry] = Object.values(registries)
  registries[
    cacheKey({ service: 'ecr', region: 'us-east-1', account: '111111111111' }, KEY_ID, legacyKeyHash)
  ] = entry
  writeCache(cacheDir, registries)

  const env = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    AWS_ACCESS_KEY_ID: KEY_ID,
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: 'https://127.0.0.1:1',
    AWS_ENDPOINT_URL_ECR_PUBLIC: 'https://127.0.0.1:1',
    AWS_ECR_CACHE_DIR: cacheDir
  }
  const time = (cmd: string, args: string[], input: string): number => {
    const start = process.hrtime.bigint()
    const out = spawnSync(cmd, args, { input, env, encoding: 'utf8' })
    const ms = Number(process.hrtime.bigint() - start) / 1e6
    if (out.status !== 0 || (input && !out.stdout.includes('"Secret":"bench:password"'))) {
      throw new Error(`${cmd} ${args.join(' ')} failed: ${out.stdout}${out.stderr}`)
    }
    return ms
  }
  const cases: [string, string, string[], string][] = [
    ['node -e 0 (our floor)', process.execPath, ['-e', '0'], ''],
    ['ours: node dist/helper/index.js get', process.execPath, [dist, 'get'], HOST]
  ]
  if (existsSync(GO_HELPER)) cases.push(['Go helper 0.6 (Debian) get', GO_HELPER, ['get'], HOST])
  else console.log(`(${GO_HELPER} not installed: apt-get install amazon-ecr-credential-helper)`)

  const samples = cases.map(() => [] as number[])
  // Interleaved, after one warm-up round, so load on the machine hits every case alike.
  for (let round = -1; round < RUNS; round++) {
    cases.forEach(([, cmd, args, input], i) => {
      const ms = time(cmd, args, input)
      if (round >= 0) samples[i].push(ms)
    })
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  const medians = samples.map(median)
  console.log(`warm-cache get, median (min–max) of ${RUNS}:`)
  cases.forEach(([name], i) => {
    const xs = samples[i]
    console.log(
      `  ${name.padEnd(40)} ${medians[i].toFixed(1).padStart(6)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`
    )
  })
  if (medians.length === 3) {
    console.log(
      `  ours / Go: ${(medians[1] / medians[2]).toFixed(1)}×; ours over node start-up: ${(medians[1] - medians[0]).toFixed(1)} ms`
    )
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

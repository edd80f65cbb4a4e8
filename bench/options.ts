// The bench's options and cases: what `npm run bench -- …` accepts (bench/README.md), and the environment the
// outer run hands the inner one (inside the world) with them.
import { resolve as resolvePath } from 'node:path'
import { parseArgs } from 'node:util'
import { ACCOUNTS, registryHost } from '../__tests__/support/world.js'

export const INNER = 'ECR_BENCH_INNER'
export const DIST = 'ECR_BENCH_DIST'
export const DIST_LABEL = 'ECR_BENCH_DIST_LABEL'
export const HOME_REGION = 'us-east-1'

export const USAGE = `usage: npm run bench -- [options]
  --runs N        measured runs per case, after the warm-up (default 5)
  --warmup N      warm-up runs per case, not counted (default 1)
  --latency MS    one-way delay added on the API and the registry (default 30; the round trip is twice this)
  --cases LIST    comma-separated, from ${Object.keys(caseTable()).join(', ')}, load, size, stub (default all)
  --json FILE     also write the results, every run included, as JSON
  --ref REF       bench the dist/ committed at a git ref instead of the working tree's dist/
  --dist DIR      bench the bundles in DIR (with main/ and post/ in it), e.g. an experiment's copy
  --trace         after the measured runs, one traced job per case with a breakdown of where main's time goes
  --cpu-prof DIR  with --trace: also write V8 CPU profiles of the traced steps under DIR
  --help          this text`

export interface Options {
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
export interface JobCase {
  id: string
  title: string
  /** The `registries` input. */
  input: string
  /** The hosts main must log into, in order. */
  hosts: string[]
  /** Region → account IDs: one API call each in the floor. */
  byRegion: Map<string, string[]>
}

export function caseTable(): Record<string, JobCase> {
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

export function parseOptions(argv: string[]): Options | undefined {
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

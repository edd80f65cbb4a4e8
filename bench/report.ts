// The bench's report: the table of medians, ratios and targets that `npm run bench` prints.
import { cpus, loadavg } from 'node:os'
import { DIST_LABEL } from './options.js'
import {
  ms,
  type Bench,
  type JobResult,
  type LoadResult,
  type SizeResult,
  type Stats,
  type Step,
  type StepName,
  type Target
} from './runs.js'

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

export function render(
  bench: Bench,
  report: { jobs: JobResult[]; load?: LoadResult; size?: SizeResult }
): string {
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

// The `stub` case of the bench: main alone, with docker replaced by a shell script and no added latency, against
// `node -e 0` in the same loop. What is left is the action's own cost: node's start-up, loading the bundle and
// the SDK, credentials, signing, one TLS connection and request on the loopback, the config files, the exit.
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import type { DelayProxy } from './delay-proxy.js'
import { nodeStart } from './floor.js'
import { runTimedStep, withTempDir } from './step.js'

/** Main ≤ this × `node -e 0` (issue 22). */
export const STUB_TARGET = 3.3

// `docker login --username AWS --password-stdin HOST`: takes the password and writes what docker would.
const DOCKER_STUB = `#!/bin/sh
for host; do :; done
cat >/dev/null
mkdir -p "$DOCKER_CONFIG"
printf '{"auths":{"%s":{"auth":"QVdTOnN0dWI="}}}' "$host" >"$DOCKER_CONFIG/config.json"
echo "Login Succeeded"
`

export interface StubbedSetup {
  script: string
  defaults: Record<string, string>
  /** The job's environment (HOME, RUNNER_TEMP and AWS variables), given the HOME and temp dirs. */
  env: (home: string, temp: string) => Record<string, string>
  /** The registry hosts, one account in the home region. */
  input: string
  proxies: DelayProxy[]
  runs: number
  /** Also one profiled run, its V8 CPU profile written in this directory. */
  cpuProf?: string
}

export interface StubbedResult {
  runs: number
  node: number[]
  main: number[]
}

/** Runs `node -e 0` and main (docker stubbed, latency 0) alternately, `runs` times each after 2 warm-ups. */
export async function benchStubbed(setup: StubbedSetup): Promise<StubbedResult> {
  const delays = setup.proxies.map(p => p.delayMs)
  for (const p of setup.proxies) p.delayMs = 0
  const node: number[] = []
  const main: number[] = []
  try {
    await withTempDir('ecr-bench-stub-', async root => {
      const bin = join(root, 'bin')
      await mkdir(bin)
      await writeFile(join(bin, 'docker'), DOCKER_STUB)
      await chmod(join(bin, 'docker'), 0o755)
      for (let i = -2; i < setup.runs + (setup.cpuProf ? 1 : 0); i++) {
        const profiled = i === setup.runs
        await withTempDir('ecr-bench-stub-job-', async job => {
          await Promise.all(['home', 'temp'].map(d => mkdir(join(job, d))))
          const env = setup.env(join(job, 'home'), join(job, 'temp'))
          env.PATH = `${bin}${delimiter}${env.PATH}`
          const n = await nodeStart(env)
          const m = await runTimedStep({
            script: setup.script,
            defaults: setup.defaults,
            inputs: { registries: setup.input },
            env,
            nodeArgs: profiled ? ['--cpu-prof', '--cpu-prof-dir', setup.cpuProf!] : undefined
          })
          if (m.code !== 0 || !m.outputs.registries) {
            throw new Error(`main with docker stubbed failed (exit ${m.code}):\n${m.stdout}${m.stderr}`)
          }
          if (i < 0 || profiled) return
          node.push(n)
          main.push(m.ms)
        })
      }
    })
  } finally {
    setup.proxies.forEach((p, i) => (p.delayMs = delays[i]))
  }
  return { runs: setup.runs, node, main }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** The case's lines of the report, and its target. */
export function renderStubbed(result: StubbedResult): { text: string; ratio: number; met: boolean } {
  const range = (v: number[]) =>
    `${Math.round(median(v))} (${Math.round(Math.min(...v))}–${Math.round(Math.max(...v))}) ms`
  const ratio = median(result.main) / median(result.node)
  const met = ratio <= STUB_TARGET
  const text =
    `main with docker stubbed, no latency (1 registry), median (min–max) of ${result.runs}:\n` +
    `  node -e 0                                              ${range(result.node)}\n` +
    `  node dist/main/index.js                                ${range(result.main)}  ${ratio.toFixed(2)}× node` +
    `   ≤ ${STUB_TARGET}× ${met ? 'met' : 'NOT MET'}\n`
  return { text, ratio, met }
}

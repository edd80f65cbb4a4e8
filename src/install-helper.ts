import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { dockerConfigDir, updateDockerConfig } from './config/docker-config.js'
import { writeFileAtomic } from './config/json-file.js'
import type { Runner } from './runner.js'
import { isJobDir, removeTree } from './temp-dirs.js'
import type { Grant } from './ecr/tokens.js'

/** The name docker turns into `docker-credential-ecr-login`, as the Go helper is configured. */
export const HELPER_NAME = 'ecr-login'

/** State name for what post must undo in credential-helper mode. */
export const HELPER_STATE = 'credential-helpers'

/**
 * The job's directory for the helper (`<RUNNER_TEMP>/ecr-login-helper`): `bin/` holds the
 * launcher put on PATH, `cache/` the tokens main fetched and any the helper fetches later in the
 * job. Post removes it, and the runner empties RUNNER_TEMP after every job anyway.
 */
export const JOB_DIR = 'ecr-login-helper'

/** What main changed in config.json, so post can put back exactly what was there. */
export interface HelperState {
  configDir: string
  /** The job's helper directory (JOB_DIR), removed by post: no token this job fetched stays on disk. */
  jobDir?: string
  /** Whether config.json had a credHelpers object before. */
  hadCredHelpers: boolean
  /** host → the credHelpers value it had before (null: none). */
  previous: Record<string, string | null>
}

export interface HelperModeDeps {
  runner: Runner
  env: NodeJS.ProcessEnv
  now(): Date
  /** The access key id the helper will key its cache with; undefined: do not prime the cache. */
  accessKeyId(): Promise<string | undefined>
  /**
   * Writes the tokens into the helper's cache in `dir` (src/helper/cache.ts), keyed by
   * `accessKeyId`. Injected, and loaded only in this mode, so other runs never load the cache code.
   */
  primeCache(dir: string, accessKeyId: string, grants: Grant[], now: Date): Promise<void>
  /** The bundled helper program (dist/helper/index.js). */
  helperScript?: string
}

/** dist/helper/index.js, beside the bundle the runner started (dist/main/index.js). */
export function bundledHelper(): string {
  // Derived from argv rather than import.meta.url: ncc would turn a static path next to
  // import.meta.url into a copied asset, and the helper must run as its own bundle.
  return join(dirname(resolve(process.argv[1] ?? '.')), '..', 'helper', 'index.js')
}

/**
 * Credential-helper mode: instead of `docker login`, point Docker at the helper for each host.
 * The tokens main already fetched prime the job's own helper cache (never ~/.ecr), so the first
 * pull makes no API call and later steps are served even without AWS credentials; after that
 * the helper refreshes them itself. Returns the state post needs.
 */
export async function installHelper(grants: Grant[], deps: HelperModeDeps): Promise<HelperState> {
  const { runner, env } = deps
  const jobDir = await makeJobDir(env)
  const cacheDir = join(jobDir, 'cache')
  const keyId = (await deps.accessKeyId()) ?? ''
  if (keyId && !env.AWS_ECR_DISABLE_CACHE) {
    await deps.primeCache(cacheDir, keyId, grants, deps.now())
  } else {
    runner.debug(
      'The credential helper cache was not primed: it is disabled or the access key id is unknown.'
    )
  }

  // List items with an alias or identity: the helper reads them from the job's registries file
  // (no secret in it), to serve an alias and to fetch a token again with the item's profile or role.
  const listed = grants.filter(g => g.listed)
  let registriesFile: string | undefined
  if (listed.length) {
    const { registryMapText } = await import('./helper/registry-map.js')
    registriesFile = join(jobDir, 'registries.json')
    const text = registryMapText(listed.map(g => ({ registry: g.registry ?? g.host, target: g.listed! })))
    await writeFileAtomic(registriesFile, text, 0o600)
  }

  const binDir = join(jobDir, 'bin')
  await writeLaunchers(
    binDir,
    deps.helperScript ?? bundledHelper(),
    cacheDir,
    process.execPath,
    registriesFile
  )
  runner.addPath(binDir)

  const configDir = dockerConfigDir(env)
  const state: HelperState = { configDir, jobDir, hadCredHelpers: false, previous: {} }
  await updateDockerConfig(configDir, config => {
    state.hadCredHelpers = config.credHelpers !== undefined
    const helpers = { ...config.credHelpers }
    for (const { host } of grants) {
      if (!(host in state.previous)) state.previous[host] = helpers[host] ?? null
      helpers[host] = HELPER_NAME
    }
    config.credHelpers = helpers
  })
  for (const { host } of grants)
    runner.info(`Docker will get credentials for ${host} from docker-credential-${HELPER_NAME}`)
  return state
}

/**
 * Undoes installHelper: entries still pointing at our helper get their previous value back, and
 * the job's helper directory (launcher, cached tokens, log) is removed. State is main's, but the
 * paths in it could have been replaced since: the directory is removed only when it is exactly
 * the one makeJobDir made (temp-dirs.ts), never through a link, and a config dir that is gone is
 * not made again.
 */
export async function removeHelper(state: HelperState, env: NodeJS.ProcessEnv): Promise<void> {
  if (state.jobDir && (await isHelperJobDir(state.jobDir, env))) await removeTree(state.jobDir)
  if (!(await isDirectory(state.configDir))) return
  await updateDockerConfig(state.configDir, config => {
    const helpers = { ...config.credHelpers }
    for (const [host, previous] of Object.entries(state.previous)) {
      // Someone changed it since main: theirs now, leave it.
      if (helpers[host] !== HELPER_NAME) continue
      if (previous === null) delete helpers[host]
      else helpers[host] = previous
    }
    if (!state.hadCredHelpers && Object.keys(helpers).length === 0) delete config.credHelpers
    else config.credHelpers = helpers
  })
}

/** The helper directory makeJobDir makes: `<RUNNER_TEMP>/ecr-login-helper`, or a temp dir outside a runner. */
function isHelperJobDir(path: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  return isJobDir(path, env, name => (env.RUNNER_TEMP ? name === JOB_DIR : name.startsWith(`${JOB_DIR}-`)))
}

/** Whether `path` is a directory (through a link: a config dir may be one). */
export function isDirectory(path: string): Promise<boolean> {
  return fs.stat(path).then(
    stats => stats.isDirectory(),
    () => false
  )
}

/**
 * The job's helper directory, private to this user: `<RUNNER_TEMP>/ecr-login-helper`, one per job
 * so that a second credential-helper step shares the launcher and the cache; outside a runner, a
 * fresh temp directory.
 */
async function makeJobDir(env: NodeJS.ProcessEnv): Promise<string> {
  if (!env.RUNNER_TEMP) return fs.mkdtemp(join(tmpdir(), `${JOB_DIR}-`))
  const dir = join(env.RUNNER_TEMP, JOB_DIR)
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  const stats = await fs.lstat(dir)
  if (!stats.isDirectory() || (process.getuid && (stats.uid !== process.getuid() || stats.mode & 0o022))) {
    throw new Error(`${dir} is not a directory only this user can write; remove it and run again`)
  }
  return dir
}

/**
 * Writes `docker-credential-ecr-login` (and a .cmd for Windows) into `dir`, running the helper
 * with the very node that runs this action (later steps may have no `node` on PATH, or another
 * version of it) and with the job's cache. On POSIX the launcher is a script of that node itself,
 * named in its `#!` line, so no shell starts between docker and node; a node path a `#!` line
 * cannot hold (spaces, over 200 bytes) gets a shell launcher instead.
 */
export async function writeLaunchers(
  dir: string,
  helperScript: string,
  cacheDir: string,
  node: string = process.execPath,
  registriesFile?: string
): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 })
  const launcher = join(dir, `docker-credential-${HELPER_NAME}`)
  // Loaded here: post imports this module too, and never needs them. The variables are the
  // helper's own names (cache-dir.ts, registry-map.ts read them), imported so they cannot drift.
  const [{ pathToFileURL }, { JOB_CACHE_VAR }, { REGISTRIES_FILE_VAR }] = await Promise.all([
    import('node:url'),
    import('./helper/cache-dir.js'),
    import('./helper/registry-map.js')
  ])
  const text = /^\/[^\s]{1,200}$/.test(node)
    ? `#!${node}\n` +
      `// docker-credential-ecr-login for this job, written by ecr-login's credential-helper mode.\n` +
      `process.env.${JOB_CACHE_VAR} = ${JSON.stringify(cacheDir)}\n` +
      (registriesFile ? `process.env.${REGISTRIES_FILE_VAR} = ${JSON.stringify(registriesFile)}\n` : '') +
      // CommonJS unless a package.json above says otherwise; require skips the ES module loader.
      `typeof require === 'function' ? require(${JSON.stringify(helperScript)}) : import(${JSON.stringify(pathToFileURL(helperScript).href)})\n`
    : `#!/bin/sh\n${JOB_CACHE_VAR}=${shellQuote(cacheDir)} ${registriesFile ? `${REGISTRIES_FILE_VAR}=${shellQuote(registriesFile)} ` : ''}exec ${shellQuote(node)} ${shellQuote(helperScript)} "$@"\n`
  // Written whole (a temp file, then a rename): another step of the job may be running it.
  await writeFileAtomic(launcher, text, 0o755)
  // cmd.exe expands %NAME% in a batch file even inside quotes: a literal % is written %%.
  const cmd = (s: string) => s.replace(/%/g, '%%')
  await fs.writeFile(
    join(dir, `docker-credential-${HELPER_NAME}.cmd`),
    `@set "${JOB_CACHE_VAR}=${cmd(cacheDir)}"\r\n` +
      (registriesFile ? `@set "${REGISTRIES_FILE_VAR}=${cmd(registriesFile)}"\r\n` : '') +
      `@"${cmd(node)}" "${cmd(helperScript)}" %*\r\n`
  )
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

/** Parses the state main saved; undefined when there is none or it is not ours. */
export function parseHelperState(raw: string): HelperState | undefined {
  if (!raw) return undefined
  try {
    const state = JSON.parse(raw) as HelperState
    const valid =
      typeof state.configDir === 'string' &&
      !!state.configDir &&
      (state.jobDir === undefined || typeof state.jobDir === 'string') &&
      !!state.previous &&
      typeof state.previous === 'object'
    return valid ? state : undefined
  } catch {
    return undefined
  }
}

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { dockerConfigDir, updateDockerConfig } from './docker-config.js'
import type { Runner } from './runner.js'
import type { Grant } from './tokens.js'

/** The name docker turns into `docker-credential-ecr-login`, as the Go helper is configured. */
export const HELPER_NAME = 'ecr-login'

/** State name for what post must undo in credential-helper mode. */
export const HELPER_STATE = 'credential-helpers'

/** What main changed in config.json, so post can put back exactly what was there. */
export interface HelperState {
  configDir: string
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
   * Writes the tokens into the helper's cache (src/helper/cache.ts), keyed by `accessKeyId`.
   * Injected, and loaded only in this mode, so other runs never load the cache code.
   */
  primeCache(accessKeyId: string, grants: Grant[], now: Date): Promise<void>
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
 * The tokens main already fetched prime the helper's cache, so the first pull makes no API call;
 * later ones refresh themselves. Returns the state post needs.
 */
export async function installHelper(grants: Grant[], deps: HelperModeDeps): Promise<HelperState> {
  const { runner, env } = deps
  const keyId = (await deps.accessKeyId()) ?? ''
  if (keyId && !env.AWS_ECR_DISABLE_CACHE) {
    await deps.primeCache(keyId, grants, deps.now())
  } else {
    runner.debug(
      'The credential helper cache was not primed: it is disabled or the access key id is unknown.'
    )
  }

  runner.addPath(await writeLauncher(deps.helperScript ?? bundledHelper(), env))

  const configDir = dockerConfigDir(env)
  const state: HelperState = { configDir, hadCredHelpers: false, previous: {} }
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

/** Undoes installHelper: entries still pointing at our helper get their previous value back. */
export async function removeHelper(state: HelperState): Promise<void> {
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

/**
 * Writes `docker-credential-ecr-login` (and a .cmd for Windows) into a fresh directory that runs
 * the helper with the very node that runs this action: later steps may have no `node` on PATH,
 * or another version of it.
 */
async function writeLauncher(helperScript: string, env: NodeJS.ProcessEnv): Promise<string> {
  const dir = await fs.mkdtemp(join(env.RUNNER_TEMP || tmpdir(), 'ecr-login-helper-'))
  const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`
  await fs.writeFile(
    join(dir, `docker-credential-${HELPER_NAME}`),
    `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(helperScript)} "$@"\n`,
    { mode: 0o755 }
  )
  await fs.writeFile(
    join(dir, `docker-credential-${HELPER_NAME}.cmd`),
    `@"${process.execPath}" "${helperScript}" %*\r\n`
  )
  return dir
}

/** Parses the state main saved; undefined when there is none or it is not ours. */
export function parseHelperState(raw: string): HelperState | undefined {
  if (!raw) return undefined
  try {
    const state = JSON.parse(raw) as HelperState
    return typeof state.configDir === 'string' && state.previous ? state : undefined
  } catch {
    return undefined
  }
}

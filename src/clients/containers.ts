import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { authStore, readAuthFile, writeAuthFile, type AuthFile } from '../config/containers-auth.js'
import { ClientError, TimedOutError, UserError } from '../errors.js'
import { execProcess, type ProcessRunner } from '../process.js'
import type { RegistryClient } from './client.js'
import {
  failedCall,
  inIsolatedDir,
  isolatedDir,
  orNotFound,
  stdinOf,
  withoutAuths,
  type Hints
} from './core.js'
import { UNREACHABLE_REASONS } from './failure.js'

/** The clients that share containers/image's auth file. */
export const CONTAINERS_CLIENTS = ['podman', 'buildah', 'skopeo'] as const
export type ContainersClientName = (typeof CONTAINERS_CLIENTS)[number]

export interface ContainersClientOptions {
  env?: NodeJS.ProcessEnv
  /** Where per-call auth files are made; RUNNER_TEMP on a runner. */
  tempDir?: string
  run?: ProcessRunner
  /** The tool's path as main found it (saves exec a PATH search per call), else its name. */
  program?: string
}

/**
 * podman, buildah or skopeo through its CLI: `login --username AWS --password-stdin <host>`
 * and `logout <host>`, the password on stdin only.
 *
 * Like docker, these tools rewrite their auth file with no lock (and keep only the keys they
 * know). Each call therefore runs against its own throw-away auth file (REGISTRY_AUTH_FILE)
 * holding the user's settings (credHelpers, ...) without their logins, and its result is merged
 * into the file the tool would have written (containers-auth.ts) under a lock: concurrent logins
 * lose no entry, and every unrelated entry and key is kept.
 */
export function containersClient(
  name: ContainersClientName,
  options: ContainersClientOptions = {}
): RegistryClient {
  const env = options.env ?? process.env
  const store = authStore(env)
  const tempRoot = options.tempDir ?? (env.RUNNER_TEMP || tmpdir())
  const run = options.run ?? execProcess

  const isolated = <T>(seed: AuthFile, work: (file: string) => Promise<T>) =>
    inIsolatedDir(
      undefined,
      () => isolatedDir(tempRoot, `ecr-login-${name}-`, dir => writeAuthFile(join(dir, 'auth.json'), seed)),
      dir => work(join(dir, 'auth.json'))
    )
  // exec looks the tool up on PATH before it spawns anything; main found it, so it went since.
  const cli = (args: string[], file: string, input: string, timeoutMs?: number) =>
    orNotFound(
      () =>
        run(options.program ?? name, args, {
          input: stdinOf(input),
          env: { ...env, REGISTRY_AUTH_FILE: file },
          timeoutMs
        }),
      () =>
        new UserError(`${name} was not found on PATH (${env.PATH ?? ''}), so it could not run ${args[0]}.`)
    )

  return {
    name,
    async login(host, username, password, call = {}) {
      await requireRuntimeDir(name, env)
      const current = await store.read()
      await isolated(withoutAuths(current), async file => {
        const result = await cli(
          ['login', '--username', username, '--password-stdin', '--', host],
          file,
          password,
          call.timeoutMs
        )
        if (result.timedOut) throw timedOut(name, host, 'login')
        if (result.code !== 0) {
          throw containersLoginError(name, host, result.stderr || result.stdout, [password])
        }
        const { auths = {} } = await readAuthFile(file)
        await store.update(content => {
          content.auths = { ...content.auths, ...auths }
        })
      })
    },
    async logout(host, call = {}) {
      const current = await store.read()
      const keys = Object.keys(current.auths ?? {}).filter(key => sameHost(key, host))
      // Nothing of ours left to forget (another job logged out already). Running the tool anyway
      // would make it look the host up in Docker's config and, if found there, call the registry.
      if (!keys.length && !current.credHelpers?.[host]) return
      const mine = Object.fromEntries(keys.map(key => [key, current.auths![key]]))
      await isolated({ ...withoutAuths(current), auths: mine }, async file => {
        const result = await cli(['logout', '--', host], file, '', call.timeoutMs)
        if (result.timedOut) throw timedOut(name, host, 'logout')
        const output = (result.stderr || result.stdout).trim()
        if (result.code !== 0 && !/not logged in/i.test(output)) {
          throw new UserError(`Could not logout of registry ${host} with ${name}: ${output}`)
        }
        // What the tool removed from its copy is removed from the user's file, nothing else.
        const left = (await readAuthFile(file)).auths ?? {}
        const removed = keys.filter(key => !(key in left))
        await store.update(content => {
          for (const key of removed) delete content.auths?.[key]
        })
      })
    }
  }
}

/** A call ended by its time-out (login-timeout): transient for the retrying client. */
function timedOut(name: string, host: string, command: 'login' | 'logout'): TimedOutError {
  return new TimedOutError(
    `Could not ${command} ${command === 'login' ? 'to' : 'of'} registry ${host} with ${name}: ${name} ${command} did not finish within its time-out and was ended, with every process it started`,
    command === 'login'
      ? `The registry did not answer ${name}: check the host, DNS, and the step's HTTPS_PROXY and NO_PROXY.`
      : `${name} logout only edits its auth file: check that the file's directory is reachable.`
  )
}

/** `host` or `https://host`, any case; not `host/namespace`, which is the user's own scoped entry. */
function sameHost(key: string, host: string): boolean {
  return key.replace(/^https?:\/\//i, '').toLowerCase() === host.toLowerCase()
}

/**
 * The tools refuse to log in when XDG_RUNTIME_DIR names a directory that does not exist; so do
 * we, rather than create it while merging.
 */
async function requireRuntimeDir(name: string, env: NodeJS.ProcessEnv): Promise<void> {
  const dir = env.XDG_RUNTIME_DIR?.trim()
  if (env.REGISTRY_AUTH_FILE?.trim() || env.DOCKER_CONFIG?.trim() || !dir || process.platform !== 'linux')
    return
  const exists = await fs.stat(dir).then(
    s => s.isDirectory(),
    () => false
  )
  if (!exists) {
    throw new UserError(
      `XDG_RUNTIME_DIR is ${dir}, which does not exist, so ${name} has no auth file to log into.`,
      'Create the directory, unset XDG_RUNTIME_DIR, or set REGISTRY_AUTH_FILE to the auth file to use.'
    )
  }
}

/** The hints of podman, buildah and skopeo, which connect by themselves (no daemon), by the kind of failure. */
function containersHints(name: string): Hints {
  return ({ kind, reason }) => {
    if (kind === 'refused') {
      return 'The registry rejected the ECR token: check that the registry belongs to the account and region the token was issued for.'
    }
    if (kind === 'network' && reason === 'certificate') {
      return `${name} does not trust the registry's certificate: behind a TLS-inspecting proxy, add its CA to the system trust store.`
    }
    if (kind === 'network' || (kind === 'transient' && UNREACHABLE_REASONS.has(reason ?? ''))) {
      return `${name} could not reach the registry: check the host name, DNS, and the step's HTTPS_PROXY and NO_PROXY (${name} connects by itself, not through a daemon).`
    }
    return undefined
  }
}

/** `Could not login to registry <host> with <tool>: <its stderr>`, redacted, classified, with a hint where we can tell why. */
export function containersLoginError(
  name: string,
  host: string,
  output: string,
  secrets: string[]
): ClientError {
  return failedCall(
    `Could not login to registry ${host} with ${name}`,
    output,
    secrets,
    containersHints(name)
  )
}

import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientError, TimedOutError, UserError } from '../errors.js'
import {
  authKeysFor,
  dockerConfigDir,
  ensureConfigDir,
  preloadLock,
  readDockerConfig,
  updateDockerConfig,
  withoutAuths,
  writeDockerConfig,
  type DockerConfig
} from '../config/docker-config.js'
import { execProcess } from '../process.js'
import type { RegistryClient } from './client.js'
import { failedCall, inIsolatedDir, isNotOnPath, isolatedDir, type Hints, type IsolatedDir } from './core.js'
import { EarlyLogins } from './early-login.js'
import { UNREACHABLE_REASONS } from './failure.js'

/** Result of one CLI run. */
export interface CommandResult {
  code: number
  stdout: string
  stderr: string
  /** Ended by its time-out. */
  timedOut?: boolean
}

/** Runs `docker <args>`; injected so tests can drive a fake or the real CLI. */
export type CommandRunner = (
  args: string[],
  options: { input?: string | Promise<string>; env: NodeJS.ProcessEnv; timeoutMs?: number }
) => Promise<CommandResult>

export interface CliDockerOptions {
  env?: NodeJS.ProcessEnv
  /** Where per-call config dirs are made; RUNNER_TEMP on a runner. */
  tempDir?: string
  run?: CommandRunner
  /** The docker program: its path as main found it (saves exec a PATH search per call), else `docker`. */
  program?: string
}

/** A CommandRunner for `program` (the `docker` on PATH by default) through @actions/exec, output captured, never echoed. */
export function execDocker(program = 'docker'): CommandRunner {
  return (args, options) => runDocker(program, args, options)
}

async function runDocker(
  program: string,
  args: string[],
  options: Parameters<CommandRunner>[1]
): Promise<CommandResult> {
  try {
    return await execProcess(program, args, {
      input: options.input ?? '',
      env: options.env,
      timeoutMs: options.timeoutMs
    })
  } catch (error) {
    // exec looks the tool up on PATH (@actions/io which) before it spawns anything.
    if (!isNotOnPath(error)) throw error
    throw new UserError(
      'docker was not found on PATH, so no registry could be logged into or out of.',
      'Install Docker on the runner (GitHub-hosted Linux runners have it), or use credential-helper: true ' +
        'for tools that read Docker’s config without the docker CLI.'
    )
  }
}

/**
 * Docker through its CLI. The password goes on stdin (`--password-stdin`), never in argv.
 *
 * The CLI rewrites config.json with no lock, so two `docker login`s on one config can lose an
 * entry. Each call therefore runs against its own throw-away config dir holding a copy of the
 * user's settings (credsStore, credHelpers, currentContext, proxies, ...), and its result is then
 * merged into the user's config under a lock. Logins to many registries can then run
 * concurrently, and every key of the user's config we do not own is kept.
 */
export function cliDocker(options: CliDockerOptions = {}): RegistryClient {
  const env = options.env ?? process.env
  const configDir = dockerConfigDir(env)
  const tempRoot = options.tempDir ?? (env.RUNNER_TEMP || tmpdir())
  const run = options.run ?? execDocker(options.program)

  /** A throw-away config dir holding `seed` of the user's config. */
  const makeDir = async (seed: (config: DockerConfig) => DockerConfig): Promise<IsolatedDir> => {
    // A read-only or missing HOME fails here, named, before docker logs the daemon in.
    await ensureConfigDir(configDir)
    return isolatedDir(tempRoot, 'ecr-login-docker-', async dir => {
      await writeDockerConfig(dir, seed(await readDockerConfig(configDir)))
      // Contexts live beside config.json; without them docker would talk to the default daemon.
      await fs.symlink(join(configDir, 'contexts'), join(dir, 'contexts')).catch(() => undefined)
    })
  }

  // Login dirs made ahead (prepare) while the API call is in flight; each is used once.
  const spare: Promise<IsolatedDir | undefined>[] = []
  const takeSpare = () => spare.shift() ?? makeDir(withoutAuths)

  // docker reads TLS client certificates (DOCKER_TLS_VERIFY) from DOCKER_CERT_PATH, which defaults
  // to the config dir: the user's, not the throw-away one, so that default is made explicit.
  const dockerEnv = (dir: string): NodeJS.ProcessEnv => ({
    ...env,
    DOCKER_CONFIG: dir,
    DOCKER_CERT_PATH: env.DOCKER_CERT_PATH || configDir
  })

  /** `docker login` in `dir`, the password on stdin (a promise: docker starts before it comes). */
  const runLogin = (
    dir: string,
    host: string,
    username: string,
    input: string | Promise<string>,
    timeoutMs?: number
  ) => {
    preloadLock()
    // `--` ends docker's options: whatever the host is, it cannot be read as one.
    return run(['login', '--username', username, '--password-stdin', host], {
      input,
      env: dockerEnv(dir),
      timeoutMs
    })
  }

  /** The one finish of both login paths: docker's result checked, its auths merged into the user's config. */
  const finishLogin = async (host: string, result: CommandResult, dir: string, password: string) => {
    if (result.timedOut) throw timedOutError(host, 'login')
    if (result.code !== 0) throw loginError(host, outputOf(result, 'login'), [password])
    const { auths = {} } = await readDockerConfig(dir)
    await updateDockerConfig(configDir, config => {
      config.auths = { ...config.auths, ...auths }
    })
  }

  // ECR tokens are always for the user AWS; a token for another user gets a login of its own.
  const earlyTimeout = new Map<string, number>()
  const early = new EarlyLogins(
    () => takeSpare().catch(() => undefined),
    host => (made, password) => runLogin(made.dir, host, 'AWS', password, earlyTimeout.get(host))
  )

  return {
    name: 'docker',
    prepare(count) {
      for (let i = 0; i < count; i++) spare.push(makeDir(withoutAuths).catch(() => undefined))
    },
    startLogin(host, timeoutMs) {
      earlyTimeout.set(host, timeoutMs)
      early.start(host)
    },
    async dispose() {
      await early.abandonAll()
      const left = await Promise.all(spare.splice(0))
      await Promise.all(left.map(made => made?.release()))
    },
    async login(host, username, password, call = {}) {
      const started = early.take(host)
      if (started && username !== 'AWS') await started.abandon()
      else if (started) {
        // docker has been running since before the token came: it gets the password now.
        const ran = await started.finish(password)
        if (ran) {
          try {
            return await finishLogin(host, ran.result, ran.dir.dir, password)
          } finally {
            await ran.dir.release()
          }
        }
      }
      const ahead = await spare.shift()
      // A dir made ahead that failed is made again here, where its error is reported.
      await inIsolatedDir(
        ahead,
        () => makeDir(withoutAuths),
        async dir =>
          finishLogin(host, await runLogin(dir, host, username, password, call.timeoutMs), dir, password)
      )
    },
    async logout(host, call = {}) {
      const seed = (config: DockerConfig) => {
        const keys = authKeysFor(config, host)
        return { ...withoutAuths(config), auths: Object.fromEntries(keys.map(k => [k, config.auths![k]])) }
      }
      await inIsolatedDir(
        undefined,
        () => makeDir(seed),
        async dir => {
          // `--` ends docker's options: whatever the host is, it cannot be read as one.
          preloadLock()
          const result = await run(['logout', '--', host], { env: dockerEnv(dir), timeoutMs: call.timeoutMs })
          if (result.timedOut) throw timedOutError(host, 'logout')
          if (result.code !== 0) {
            throw failedCall(
              `Could not logout of registry ${host}`,
              outputOf(result, 'logout'),
              [],
              () => undefined
            )
          }
          await updateDockerConfig(configDir, config => {
            for (const key of authKeysFor(config, host)) delete config.auths![key]
          })
        }
      )
    }
  }
}

/** What docker said, or how it ended when it said nothing (killed by a signal). */
function outputOf(result: CommandResult, command: string): string {
  if (result.stderr || result.stdout) return result.stderr || result.stdout
  return result.code === -1
    ? `docker ${command} was ended by a signal`
    : `docker ${command} exited with code ${result.code} and no message`
}

/** A docker call ended by its time-out: transient for the retrying client, with what to check. */
function timedOutError(host: string, command: 'login' | 'logout'): TimedOutError {
  return new TimedOutError(
    `Could not ${command} ${command === 'login' ? 'to' : 'of'} registry ${host}: docker ${command} did not finish within its time-out and was ended, with every process it started`,
    command === 'login'
      ? 'The Docker daemon or the registry did not answer: check DOCKER_HOST and that the daemon responds (docker info), and the registry’s status.'
      : 'docker logout talks only to the Docker config and its credential helpers: check the credsStore / credHelpers programs in config.json.'
  )
}

/** docker's hints, by the kind of failure (failure.ts). */
const dockerHints: Hints = ({ kind, reason }) => {
  if (kind === 'daemon')
    return 'The Docker daemon is not reachable: start it, or check DOCKER_HOST and the docker context.'
  if (kind === 'refused') {
    return 'The registry rejected the ECR token: check that the registry belongs to the account and region the token was issued for.'
  }
  if (kind === 'transient' && reason === 'no answer in time') {
    return (
      'The registry (or a proxy between the Docker daemon and it) accepted the connection but sent no answer within ' +
      'the daemon’s own time-out: check the registry’s status and the daemon’s proxy settings (HTTP(S)_PROXY of dockerd).'
    )
  }
  if (kind === 'network' || (kind === 'transient' && UNREACHABLE_REASONS.has(reason ?? ''))) {
    return 'The Docker daemon could not reach the registry: check the host name, DNS, and the daemon’s proxy settings.'
  }
  return undefined
}

/** `Could not login to registry <host>: <docker's stderr>`, redacted, classified, with a hint where we can tell why. */
export function loginError(host: string, output: string, secrets: string[]): ClientError {
  return failedCall(`Could not login to registry ${host}`, output, secrets, dockerHints)
}

import { promises as fs, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TimedOutError, UserError } from '../errors.js'
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
import { execProcess, type ProcessResult, type ProcessRunner } from '../process.js'
import { redact } from '../redact.js'
import { onCancel } from '../shutdown.js'
import type { RegistryClient } from './client.js'

/** docker runs through the one process seam (process.ts), as every client does. */
export type CommandRunner = ProcessRunner
export type CommandResult = ProcessResult

export interface CliDockerOptions {
  env?: NodeJS.ProcessEnv
  /** Where per-call config dirs are made; RUNNER_TEMP on a runner. */
  tempDir?: string
  run?: CommandRunner
  /** The docker program: its path as main found it (saves exec a PATH search per call), else `docker`. */
  program?: string
}

/** execProcess for docker: stdin closed when there is no input; a docker not on PATH a UserError. */
export const execDocker: CommandRunner = (program, args, options) =>
  execProcess(program, args, { ...options, input: options.input ?? '' }).catch((error: Error) => {
    // exec looks the tool up on PATH (@actions/io which) before it spawns anything.
    if (!/Unable to locate executable file/i.test(error.message)) throw error
    throw new UserError(
      'docker was not found on PATH, so no registry could be logged into or out of.',
      'Install Docker on the runner (GitHub-hosted Linux runners have it), or use credential-helper: true ' +
        'for tools that read Docker’s config without the docker CLI.'
    )
  })

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
  const run = options.run ?? execDocker
  const program = options.program ?? 'docker'

  /** A throw-away config dir holding `seed` of the user's config; `release` removes it. */
  const makeDir = async (seed: (config: DockerConfig) => DockerConfig) => {
    // A read-only or missing HOME fails here, named, before docker logs the daemon in.
    await ensureConfigDir(configDir)
    const dir = await fs.mkdtemp(join(tempRoot, 'ecr-login-docker-'))
    // A cancelled step exits without reaching `release`.
    const forget = onCancel(() => rmSync(dir, { recursive: true, force: true }))
    const release = async () => {
      forget()
      await fs.rm(dir, { recursive: true, force: true })
    }
    try {
      await writeDockerConfig(dir, seed(await readDockerConfig(configDir)))
      // Contexts live beside config.json; without them docker would talk to the default daemon.
      await fs.symlink(join(configDir, 'contexts'), join(dir, 'contexts')).catch(() => undefined)
    } catch (error) {
      await release()
      throw error
    }
    return { dir, release }
  }

  // Login dirs made ahead (prepare) while the API call is in flight; each is used once.
  const spare: Promise<{ dir: string; release: () => Promise<void> } | undefined>[] = []

  /** A `docker login` started before its password was known (startLogin); used once by login. */
  interface EarlyLogin {
    made: Promise<{ dir: string; release: () => Promise<void> } | undefined>
    result: Promise<CommandResult | undefined>
    give(password: string): void
    cancel(): void
  }
  const early = new Map<string, EarlyLogin>()

  /** Ends an early login that will not be used, and removes its dir. */
  const abandon = async (login: EarlyLogin) => {
    login.cancel()
    await login.result.catch(() => undefined)
    await (await login.made)?.release()
  }

  /** Merges the auths a login wrote in `dir` into the user's config. */
  const mergeLogin = async (dir: string) => {
    const { auths = {} } = await readDockerConfig(dir)
    await updateDockerConfig(configDir, config => {
      config.auths = { ...config.auths, ...auths }
    })
  }

  const isolated = async <T>(
    seed: (config: DockerConfig) => DockerConfig,
    work: (dir: string) => Promise<T>,
    ahead?: Promise<{ dir: string; release: () => Promise<void> } | undefined>
  ) => {
    // A dir made ahead that failed is made again here, where its error is reported.
    const made = (await ahead) ?? (await makeDir(seed))
    try {
      return await work(made.dir)
    } finally {
      await made.release()
    }
  }

  // docker reads TLS client certificates (DOCKER_TLS_VERIFY) from DOCKER_CERT_PATH, which defaults
  // to the config dir: the user's, not the throw-away one, so that default is made explicit.
  const dockerEnv = (dir: string): NodeJS.ProcessEnv => ({
    ...env,
    DOCKER_CONFIG: dir,
    DOCKER_CERT_PATH: env.DOCKER_CERT_PATH || configDir
  })

  return {
    name: 'docker',
    prepare(count) {
      for (let i = 0; i < count; i++) spare.push(makeDir(withoutAuths).catch(() => undefined))
    },
    startLogin(host, timeoutMs) {
      if (early.has(host)) return
      let give: (password: string) => void = () => undefined
      let cancel: () => void = () => undefined
      const password = new Promise<string>((resolve, reject) => {
        give = resolve
        cancel = () => reject(new Error('not needed'))
      })
      const made = (spare.shift() ?? makeDir(withoutAuths)).catch(() => undefined)
      const result = made.then(ready => {
        if (!ready) return undefined
        preloadLock()
        // ECR tokens are always for the user AWS; a token for another user gets a login of its own.
        return run(program, ['login', '--username', 'AWS', '--password-stdin', host], {
          input: password,
          env: dockerEnv(ready.dir),
          timeoutMs
        })
      })
      // Settled by login or dispose; until then nobody awaits it.
      result.catch(() => undefined)
      early.set(host, { made, result, give, cancel })
    },
    async dispose() {
      const pending = [...early.values()]
      early.clear()
      await Promise.all(pending.map(abandon))
      const left = await Promise.all(spare.splice(0))
      await Promise.all(left.map(made => made?.release()))
    },
    async login(host, username, password) {
      const started = early.get(host)
      early.delete(host)
      if (started && username !== 'AWS') await abandon(started)
      else if (started) {
        // docker has been running since before the token came: it gets the password now.
        started.give(password)
        const made = await started.made
        if (made) {
          try {
            const result = await started.result
            if (result) {
              if (result.timedOut) throw timedOutError(host, 'login')
              if (result.code !== 0) throw loginError(host, outputOf(result, 'login'), [password])
              return await mergeLogin(made.dir)
            }
          } finally {
            await made.release()
          }
        }
      }
      await isolated(
        withoutAuths,
        async dir => {
          preloadLock()
          const result = await run(program, ['login', '--username', username, '--password-stdin', host], {
            input: password,
            env: dockerEnv(dir)
          })
          if (result.timedOut) throw timedOutError(host, 'login')
          if (result.code !== 0) throw loginError(host, outputOf(result, 'login'), [password])
          await mergeLogin(dir)
        },
        spare.shift()
      )
    },
    async logout(host) {
      // A config dir that is gone (another post removed it) took its logins with it: logging out
      // would only make it again.
      if (!(await fs.stat(configDir).catch(() => undefined))?.isDirectory()) return
      await isolated(
        config => {
          const keys = authKeysFor(config, host)
          return { ...withoutAuths(config), auths: Object.fromEntries(keys.map(k => [k, config.auths![k]])) }
        },
        async dir => {
          // `--` ends docker's options: whatever the host is, it cannot be read as one.
          preloadLock()
          const result = await run(program, ['logout', '--', host], { env: dockerEnv(dir) })
          if (result.timedOut) throw timedOutError(host, 'logout')
          if (result.code !== 0) {
            throw new UserError(`Could not logout of registry ${host}: ${outputOf(result, 'logout').trim()}`)
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

/** `Could not login to registry <host>: <docker's stderr>`, redacted, with a hint where we can tell why. */
export function loginError(host: string, output: string, secrets: string[]): UserError {
  const detail = redact(output.trim(), secrets)
  const message = `Could not login to registry ${host}: ${detail}`
  if (/Cannot connect to the Docker daemon|error during connect|docker daemon is not running/i.test(detail)) {
    return new UserError(
      message,
      'The Docker daemon is not reachable: start it, or check DOCKER_HOST and the docker context.'
    )
  }
  if (/unauthorized|authentication required|\b40[13]\b|denied/i.test(detail)) {
    return new UserError(
      message,
      'The registry rejected the ECR token: check that the registry belongs to the account and region the token was issued for.'
    )
  }
  if (/Client\.Timeout exceeded while awaiting headers/i.test(detail)) {
    return new UserError(
      message,
      'The registry (or a proxy between the Docker daemon and it) accepted the connection but sent no answer within ' +
        'the daemon’s own time-out: check the registry’s status and the daemon’s proxy settings (HTTP(S)_PROXY of dockerd).'
    )
  }
  if (
    /no such host|connection refused|i\/o timeout|dial tcp|network is unreachable|TLS handshake/i.test(detail)
  ) {
    return new UserError(
      message,
      'The Docker daemon could not reach the registry: check the host name, DNS, and the daemon’s proxy settings.'
    )
  }
  return new UserError(message)
}

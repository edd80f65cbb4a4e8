import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ClientError, TimedOutError, UserError } from '../errors.js'
import {
  dockerConfigDir,
  ensureConfigDir,
  preloadLock,
  readDockerConfig,
  updateDockerConfig,
  withoutAuths,
  writeNewDockerConfig,
  type DockerConfig
} from '../config/docker-config.js'
import { execProcess, type ProcessResult, type ProcessRunner } from '../process.js'
import { envPath, findOnPath, type ClientOptions, type RegistryClient } from './client.js'
import { failedCall, isNotOnPath, isolatedDir, stdinOf, type Hints, type IsolatedDir } from './core.js'
import { EarlyLogins } from './early-login.js'
import { UNREACHABLE_REASONS } from './failure.js'
import { storePrograms, type StorePrograms } from './store-program.js'
import {
  hostStore,
  knownTooLarge,
  platformDefaultStore,
  type HostStore,
  type KeptLogin
} from '../config/credential-store.js'

/** docker runs through the one process seam (process.ts), as every client does. */
export type CommandRunner = ProcessRunner
export type CommandResult = ProcessResult

export interface CliDockerOptions extends ClientOptions {
  env?: NodeJS.ProcessEnv
  /** Where per-call config dirs are made; RUNNER_TEMP on a runner. */
  tempDir?: string
  run?: CommandRunner
  /** The docker program: its path as main found it (saves exec a PATH search per call), else `docker`. */
  program?: string
  /** The credential stores' programs; injected by tests. */
  stores?: StorePrograms
  /** Which platform's default store docker detects; injected by tests. */
  platform?: NodeJS.Platform
}

/** execProcess for docker: stdin closed when there is no input; a docker not on PATH a UserError. */
export const execDocker: CommandRunner = (program, args, options) =>
  execProcess(program, args, { ...options, input: options.input ?? '' }).catch((error: Error) => {
    // exec looks the tool up on PATH (@actions/io which) before it spawns anything.
    if (!isNotOnPath(error)) throw error
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
 *
 * docker in the throw-away config never reaches a credential store (loginSeed): the token
 * lands in that file, and this client then keeps it where docker itself would with the user's
 * config (credHelpers[host], else credsStore, else the platform's default store when docker would
 * detect it: credential-store.ts), or, per the credential-store input, in the user's config file
 * (`credHelpers[host]: ""` makes docker look there). Every store call has its own short bound.
 */
export function cliDocker(options: CliDockerOptions = {}): RegistryClient {
  const env = options.env ?? process.env
  const configDir = dockerConfigDir(env)
  const tempRoot = options.tempDir ?? (env.RUNNER_TEMP || tmpdir())
  const run = options.run ?? execDocker
  const program = options.program ?? 'docker'
  const mode = options.credentialStore ?? 'auto'
  const platform = options.platform ?? process.platform
  const stores = options.stores ?? storePrograms(env)
  const onPath = (program: string) => Boolean(findOnPath(program, envPath(env, platform), platform))
  // Looked up on PATH once per run, and only for a config that lets docker detect a store.
  let detected: { store: string | undefined } | undefined
  const detect = () => (detected ??= { store: platformDefaultStore(platform, onPath) }).store
  // Where docker would keep each host's token is decided on the user's config as it was before
  // this run's first login: the auths merged by one login must not change the next one's store.
  let original: Promise<DockerConfig> | undefined
  const before = () => (original ??= readDockerConfig(configDir))

  /** A throw-away config dir holding `seed` of the user's config. */
  const makeDir = async (seed: (config: DockerConfig) => DockerConfig): Promise<IsolatedDir> => {
    // A read-only or missing HOME fails here, named, before docker logs the daemon in. The user's
    // config is read while the throw-away dir is made: each step is a round trip to the disk.
    const user = ensureConfigDir(configDir).then(() => readDockerConfig(configDir))
    user.catch(() => undefined)
    const made = isolatedDir(tempRoot, 'ecr-login-docker-', async dir => {
      const config = await user
      original ??= Promise.resolve(config)
      await Promise.all([
        // A new file in a dir only this process knows yet: no temp file and rename needed.
        writeNewDockerConfig(dir, seed(config)),
        // Contexts live beside config.json; without them docker would talk to the default daemon.
        // A junction on Windows, where a directory symlink needs a privilege (ignored elsewhere).
        fs.symlink(join(configDir, 'contexts'), join(dir, 'contexts'), 'junction').catch(() => undefined)
      ])
    })
    // The user's config dir's error first, as when it was checked before the temp dir was made.
    return made.catch(async (error: unknown) => {
      await user
      throw error
    })
  }

  // Login dirs made ahead (prepare) while the API call is in flight; each is used once.
  const spare: Promise<IsolatedDir | undefined>[] = []
  const takeSpare = () => spare.shift() ?? makeDir(loginSeed)

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
    // `--` ends docker's options: whatever the host is, it cannot be read as one. The lock library
    // for the merge after it loads while docker runs.
    return run(program, ['login', '--username', username, '--password-stdin', '--', host], {
      input: stdinOf(input),
      env: dockerEnv(dir),
      timeoutMs,
      onSpawn: preloadLock
    })
  }

  /**
   * Where `host`'s token is kept: the store docker would use (refusals handled per `mode`), or the
   * user's config file. `override`: credHelpers[host] must name it, as docker would not look there.
   */
  const keep = async (host: string, username: string, password: string): Promise<KeptLogin> => {
    const docker = hostStore(await before(), host, detect)
    if (!docker.store) return { store: '' }
    // The file instead of the store: credHelpers[host] = "" (the user's own value, if any, is put back by post).
    const toFile: KeptLogin =
      docker.source === 'credHelpers'
        ? { store: '', override: true, replaced: docker.store }
        : { store: '', override: true }
    if (mode === 'file') return toFile
    const refused =
      knownTooLarge(docker.store, platform, password) ??
      (await stores.store(docker.store, host, username, password))
    if (!refused)
      return docker.source === 'detected' ? { store: docker.store, override: true } : { store: docker.store }
    if (mode === 'store') throw storeError(host, docker, refused)
    options.warn?.(
      `${host}: the credential store '${docker.store}' (${sourceOf(docker)}) could not take the ECR token (${refused}); ` +
        `the token is kept in ${join(configDir, 'config.json')} for this host instead (credHelpers["${host}"] = "", removed by the post step). ` +
        `Set ${CREDENTIAL_STORE_INPUT}: file to keep ECR tokens there without trying the store, or ${CREDENTIAL_STORE_INPUT}: store to fail instead.`
    )
    return toFile
  }

  /** The one finish of both login paths: docker's result checked, the token kept, the user's config updated. */
  const finishLogin = async (
    host: string,
    username: string,
    result: CommandResult,
    made: IsolatedDir,
    password: string
  ) => {
    let removed: Promise<void> | undefined
    try {
      if (result.timedOut) throw timedOutError(host, 'login')
      if (result.code !== 0) throw loginError(host, outputOf(result, 'login'), [password])
      const { auths = {} } = await readDockerConfig(made.dir)
      // The copy holds nothing more that is needed: it is removed while the token is kept.
      removed = made.release()
      const kept = await keep(host, username, password)
      // What docker's own store writes in the file for a host whose token is in a store: an empty entry.
      const entries = kept.store ? Object.fromEntries(Object.keys(auths).map(key => [key, {}])) : auths
      await updateDockerConfig(configDir, config => {
        config.auths = { ...config.auths, ...entries }
        if (kept.override) config.credHelpers = { ...config.credHelpers, [host]: kept.store }
      })
      options.onKept?.(host, kept)
    } finally {
      await (removed ?? made.release())
    }
  }

  // ECR tokens are always for the user AWS; a token for another user gets a login of its own.
  const earlyTimeout = new Map<string, number>()
  const early = new EarlyLogins(
    () => takeSpare(),
    host => (made, password) => runLogin(made.dir, host, 'AWS', password, earlyTimeout.get(host))
  )

  return {
    name: 'docker',
    prepare(count) {
      for (let i = 0; i < count; i++) spare.push(makeDir(loginSeed).catch(() => undefined))
    },
    startLogin(host, timeoutMs) {
      earlyTimeout.set(host, timeoutMs)
      early.start(host)
    },
    endStartedLogins: hosts => early.abandonExcept(hosts),
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
        if (ran) return finishLogin(host, username, ran.result, ran.dir, password)
      }
      // A dir made ahead that failed is made again here, where its error is reported.
      const made = (await spare.shift()) ?? (await makeDir(loginSeed))
      const result = await runLogin(made.dir, host, username, password, call.timeoutMs).catch(
        async (error: unknown) => {
          await made.release()
          throw error
        }
      )
      await finishLogin(host, username, result, made, password)
    },
    async logout(host, call = {}) {
      // A config dir that is gone (another post removed it) took its logins with it: logging out
      // would only make it again.
      if (!(await fs.stat(configDir).catch(() => undefined))?.isDirectory()) return
      const kept = options.kept?.get(host)
      // docker logout erases `host` from the store credHelpers names for it, and `http://host` and
      // `https://host` from credsStore: the copy has no credsStore, so those reach only the copy's
      // file, never a store that could block. Only the entry main wrote (`host`) is copied: the
      // user's own `host/team-a` or `https://host/v2/` are not ours to remove.
      const seed = (config: DockerConfig): DockerConfig => {
        const store = kept ? kept.store : hostStore(config, host, () => undefined).store
        const { credsStore: _store, credHelpers: _helpers, ...settings } = withoutAuths(config)
        const mine = config.auths?.[host]
        return { ...settings, credHelpers: { [host]: store }, auths: mine ? { [host]: mine } : {} }
      }
      const made = await makeDir(seed)
      let removed: Promise<void> | undefined
      try {
        // `--` ends docker's options: whatever the host is, it cannot be read as one. The lock
        // library for the merge loads while docker runs.
        const result = await run(program, ['logout', '--', host], {
          input: stdinOf(''),
          env: dockerEnv(made.dir),
          timeoutMs: call.timeoutMs,
          onSpawn: preloadLock
        })
        // Nothing in the copy is needed after docker: it is removed while the merge runs.
        removed = made.release()
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
          if (config.auths) delete config.auths[host]
          // The override main wrote, if it is still the one main wrote; the user's own value back.
          if (kept?.override && config.credHelpers?.[host] === kept.store) {
            if (kept.replaced !== undefined) config.credHelpers[host] = kept.replaced
            else delete config.credHelpers[host]
            if (!Object.keys(config.credHelpers).length) delete config.credHelpers
          }
        })
      } finally {
        await (removed ?? made.release())
      }
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

/** The input that says where tokens go. */
const CREDENTIAL_STORE_INPUT = 'credential-store'

/**
 * The seed of a login's throw-away config: the user's settings without their logins and without
 * any store, plus one credHelpers entry no registry has (`.invalid` is reserved), so that docker
 * neither detects a platform store (it does only for a config with no credsStore, credHelpers
 * or auths) nor uses one: the token lands in the copy's file, and `keep` puts it where it belongs.
 */
function loginSeed(config: DockerConfig): DockerConfig {
  const { credsStore: _store, credHelpers: _helpers, ...settings } = withoutAuths(config)
  return { ...settings, credHelpers: { [NO_STORE_KEY]: '' } }
}
const NO_STORE_KEY = 'no-credential-store.ecr-login.invalid'

/** How docker came to use a store, for messages. */
function sourceOf(store: HostStore): string {
  if (store.source === 'credHelpers') return 'credHelpers in config.json'
  if (store.source === 'credsStore') return 'credsStore in config.json'
  return 'docker-credential-' + store.store + ' on PATH, which docker uses when config.json names no store'
}

/** credential-store: store, and the store could not take the token. */
function storeError(host: string, store: HostStore, why: string): ClientError {
  return new ClientError(
    `Could not login to registry ${host}: the credential store '${store.store}' (${sourceOf(store)}) could not take the ECR token: ${why}`,
    'store',
    `With ${CREDENTIAL_STORE_INPUT}: auto the token of a host whose store refuses is kept in the Docker config file instead; ` +
      `${CREDENTIAL_STORE_INPUT}: file keeps ECR tokens there from the start; credential-helper: true stores no token at all.`
  )
}

/** docker's hints, by the kind of failure (failure.ts). */
const dockerHints: Hints = ({ kind, reason }) => {
  if (kind === 'store') {
    return `A credential store (credsStore or credHelpers in config.json) failed: see ${CREDENTIAL_STORE_INPUT} (file keeps ECR tokens in the config file) or credential-helper: true.`
  }
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

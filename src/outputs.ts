import { CLIENT_NAMES, type ClientName } from './clients/client.js'
import { parseJobConfig, type JobConfig } from './job-config.js'
import { outputSuffix, parseHost } from './ecr/registry.js'
import { secretForms } from './redact.js'
import type { Runner } from './runner.js'
import type { Grant } from './ecr/tokens.js'
import { authFilePath } from './config/containers-auth.js'
import { dockerConfigDir } from './config/docker-config.js'
import { HELPER_STATE } from './install-helper.js'
import { join } from 'node:path'

/** Output names. The per-registry ones are dynamic, as in amazon-ecr-login. */
export const OUTPUTS = {
  registry: 'registry',
  registries: 'registries',
  expiresAt: 'expires-at',
  dockerConfig: 'docker-config',
  registryAuthFile: 'registry-auth-file',
  username: (host: string) => `docker_username_${outputSuffix(host)}`,
  password: (host: string) => `docker_password_${outputSuffix(host)}`
} as const

/**
 * State names shared by main and post. `registries` is the reference action's name and format
 * (hosts, comma-separated); `logins` says which client logged into which of them; `configs` the
 * Docker config dir and containers auth file they logged into; `credential-helpers` what
 * credential-helper mode changed.
 */
export const STATES = {
  registries: 'registries',
  logins: 'logins',
  jobConfig: 'job-config',
  configs: 'configs',
  helper: HELPER_STATE,
  /** Where docker kept each host's token (config/credential-store.ts KeptLogin), for post. */
  credentialStores: 'credential-stores'
} as const

/** Where the clients logged in (shared mode): what post logs out of, whatever a later step exports. */
export interface Configs {
  dockerConfig: string
  authFile: string
}

/**
 * Saves every state name post reads, empty, and where the clients log in: done first, before the
 * inputs are read. The runner hands post only the names main saved and takes the others from the
 * environment, which any later step can set through GITHUB_ENV: an unsaved name would let it
 * choose what post deletes or logs out of.
 */
export function saveInitialState(runner: Runner, env: NodeJS.ProcessEnv): void {
  for (const name of Object.values(STATES)) runner.saveState(name, '')
  const configs: Configs = { dockerConfig: dockerConfigDir(env), authFile: authFilePath(env) }
  runner.saveState(STATES.configs, JSON.stringify(configs))
}

/** The configs main logged into; undefined when it saved none (a main of an older version). */
export function loadConfigs(runner: Runner): Configs | undefined {
  try {
    const saved = JSON.parse(runner.getState(STATES.configs) || 'null') as Partial<Configs> | null
    if (typeof saved?.dockerConfig === 'string' && typeof saved.authFile === 'string' && saved.dockerConfig) {
      return { dockerConfig: saved.dockerConfig, authFile: saved.authFile }
    }
  } catch {
    // not ours
  }
  return undefined
}

/**
 * The environment that points the clients at `configs`, as it did in main: DOCKER_CONFIG, and
 * REGISTRY_AUTH_FILE unless the auth file was Docker's own config.json (which the containers
 * clients then merge as Docker's config).
 */
export function configsEnv(env: NodeJS.ProcessEnv, configs: Configs): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env, DOCKER_CONFIG: configs.dockerConfig }
  if (configs.authFile === join(configs.dockerConfig, 'config.json')) delete out.REGISTRY_AUTH_FILE
  else out.REGISTRY_AUTH_FILE = configs.authFile
  return out
}

/** This project's home, whose README the messages link to. */
export const PROJECT_URL = 'https://github.com/owner/ecr-login'

/** One client logged into one registry: what post undoes. */
export interface Login {
  client: ClientName
  host: string
}

/**
 * The warning printed when `mask-password: false`. It starts as the reference action's does, but
 * links to our README's section on the one case that needs it.
 */
export const UNMASKED_WARNING =
  'Your docker password is not masked: it is printed in clear wherever a log shows it, and stays valid for 12 hours. ' +
  `See ${PROJECT_URL}#credentials-for-a-service-container-in-a-later-job for more information.`

/** Registers every password (and its base64 form in config.json) with the runner's log masker. */
export function maskPasswords(runner: Runner, grants: Grant[]): void {
  for (const grant of grants) for (const form of secretForms(grant.password)) runner.setSecret(form)
}

/** Sets the outputs for the registries logged in; call maskPasswords first. */
export function setOutputs(runner: Runner, grants: Grant[]): void {
  if (grants.length === 1) runner.setOutput(OUTPUTS.registry, grants[0].host)
  for (const grant of grants) {
    runner.setOutput(OUTPUTS.username(grant.host), grant.username)
    runner.setOutput(OUTPUTS.password(grant.host), grant.password)
  }
  runner.setOutput(OUTPUTS.registries, grants.map(g => g.host).join(','))
  if (grants.length) {
    const earliest = Math.min(...grants.map(g => g.expiresAt.getTime()))
    runner.setOutput(OUTPUTS.expiresAt, new Date(earliest).toISOString())
  }
}

/** Saves the logins the post step must undo: `{"docker":["host",...],"podman":[...]}`, and the hosts alone. */
export function saveLoggedIn(runner: Runner, logins: Login[]): void {
  runner.saveState(STATES.registries, [...new Set(logins.map(l => l.host))].join(','))
  const byClient: Partial<Record<ClientName, string[]>> = {}
  for (const { client, host } of logins) (byClient[client] ??= []).push(host)
  runner.saveState(STATES.logins, JSON.stringify(byClient))
}

/** What post found in state: the logins to undo, and entries that are no registry host. */
export interface LoggedIn {
  logins: Login[]
  invalid: string[]
}

/**
 * The logins main made, or none (skip-logout, or main failed before any login). State with only
 * `registries` (saved by a main that knew only docker) means docker logged into each host. Each
 * host is checked with the parser main uses, so a tampered or corrupted state cannot hand a client
 * an option (`--help`) or a host that is not ECR; a host saved twice in two spellings counts once.
 * `aliases` are the alias hosts of the `registries` input itself (registry-list.ts), not of state.
 */
export function loadLoggedIn(runner: Runner, aliases: string[] = []): LoggedIn {
  const aliased = new Set(aliases.map(a => a.toLowerCase()))
  const result: LoggedIn = { logins: [], invalid: [] }
  const seen = new Set<string>()
  const add = (client: ClientName, entry: unknown) => {
    const host = typeof entry === 'string' ? entry.trim() : ''
    if (!host) return
    if (!parseHost(host) && !aliased.has(host.toLowerCase())) {
      result.invalid.push(host)
    } else if (!seen.has(`${client} ${host.toLowerCase()}`)) {
      seen.add(`${client} ${host.toLowerCase()}`)
      result.logins.push({ client, host })
    }
  }
  const raw = runner.getState(STATES.logins)
  if (raw) {
    let saved: Record<string, unknown> = {}
    try {
      saved = JSON.parse(raw) as Record<string, unknown>
    } catch {
      // Not ours: nothing to undo.
    }
    for (const client of CLIENT_NAMES) {
      const hosts = saved[client]
      if (Array.isArray(hosts)) for (const host of hosts) add(client, host)
    }
    return result
  }
  for (const host of runner.getState(STATES.registries).split(',')) add('docker', host)
  return result
}

/** Saves where the job's own configs are, so post removes them. */
export function saveJobConfig(runner: Runner, job: JobConfig): void {
  runner.saveState(STATES.jobConfig, JSON.stringify(job))
}

/** The job's own configs main made, if any. */
export function loadJobConfig(runner: Runner): JobConfig | undefined {
  return parseJobConfig(runner.getState(STATES.jobConfig))
}

/** The outputs naming the job's own configs (`docker-config: job`), for later steps and jobs. */
export function setJobConfigOutputs(runner: Runner, job: JobConfig): void {
  runner.setOutput(OUTPUTS.dockerConfig, job.dockerConfig)
  if (job.authFile) runner.setOutput(OUTPUTS.registryAuthFile, job.authFile)
}

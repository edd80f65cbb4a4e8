import { outputSuffix, parseHost } from './registry.js'
import { secretForms } from './redact.js'
import type { Runner } from './runner.js'
import type { Grant } from './tokens.js'

/** Output names. The per-registry ones are dynamic, as in amazon-ecr-login. */
export const OUTPUTS = {
  registry: 'registry',
  registries: 'registries',
  expiresAt: 'expires-at',
  username: (host: string) => `docker_username_${outputSuffix(host)}`,
  password: (host: string) => `docker_password_${outputSuffix(host)}`
} as const

/** State names shared by main and post. `registries` is the reference action's name. */
export const STATES = {
  registries: 'registries'
} as const

/** This project's home, whose README the messages link to. */
export const PROJECT_URL = 'https://github.com/owner/ecr-login'

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

/** Saves the hosts the post step must log out of. */
export function saveLoggedIn(runner: Runner, hosts: string[]): void {
  runner.saveState(STATES.registries, hosts.join(','))
}

/** What post found in state: the hosts to log out of, and entries that are no registry host. */
export interface LoggedIn {
  hosts: string[]
  invalid: string[]
}

/**
 * The hosts main logged into, or none (skip-logout, or main failed before any login). Each entry
 * is checked with the parser main uses, so a tampered or corrupted state cannot hand docker an
 * option (`--help`) or a host that is not ECR; a host saved twice in two spellings counts once.
 */
export function loadLoggedIn(runner: Runner): LoggedIn {
  const result: LoggedIn = { hosts: [], invalid: [] }
  const seen = new Set<string>()
  for (const entry of runner.getState(STATES.registries).split(',')) {
    const host = entry.trim()
    if (!host) continue
    if (!parseHost(host)) result.invalid.push(host)
    else if (!seen.has(host.toLowerCase())) {
      seen.add(host.toLowerCase())
      result.hosts.push(host)
    }
  }
  return result
}

/** `1 registry`, `11 registries`, `2 regions`. */
export function count(n: number, noun: 'registry' | 'region'): string {
  if (n === 1) return `1 ${noun}`
  return `${n} ${noun === 'registry' ? 'registries' : 'regions'}`
}

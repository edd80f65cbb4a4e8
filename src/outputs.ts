import { outputSuffix } from './registry.js'
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

/** The warning printed when `mask-password: false`, as the reference action words it. */
export const UNMASKED_WARNING =
  'Your docker password is not masked. See https://github.com/aws-actions/amazon-ecr-login#docker-credentials for more information.'

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

/** The hosts main logged into, or none (skip-logout, or main failed before any login). */
export function loadLoggedIn(runner: Runner): string[] {
  return runner
    .getState(STATES.registries)
    .split(',')
    .map(h => h.trim())
    .filter(Boolean)
}

/** `1 registry`, `11 registries`, `2 regions`. */
export function count(n: number, noun: 'registry' | 'region'): string {
  if (n === 1) return `1 ${noun}`
  return `${n} ${noun === 'registry' ? 'registries' : 'regions'}`
}

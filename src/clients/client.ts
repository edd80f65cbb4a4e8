import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import { envValue } from '../env.js'
import type { CredentialStoreMode, KeptLogin } from '../config/credential-store.js'
import { UserError } from '../errors.js'

/** The registry clients the action can log in, in the order `auto` prefers them. */
export const CLIENT_NAMES = ['docker', 'podman', 'buildah', 'skopeo'] as const
export type ClientName = (typeof CLIENT_NAMES)[number]

/** Which clients a run logs in: `auto` (docker, else the first other one on PATH) or a list. */
export type ClientChoice = 'auto' | ClientName[]

/** How long one call may run: its processes are ended after that (the login-timeout input). */
export interface CallOptions {
  timeoutMs?: number
}

/** A program that keeps registry logins: logs one host in with a password, or out again. */
export interface RegistryClient {
  readonly name: ClientName
  login(host: string, username: string, password: string, call?: CallOptions): Promise<void>
  logout(host: string, call?: CallOptions): Promise<void>
  /** Gets `count` logins ready ahead (their config dirs), while the tokens are still on their way. */
  prepare?(count: number): void
  /**
   * Starts the login to `host` before its password is known (while the token is on its way), so
   * that the client's own start-up overlaps the API call; `login` then hands it the password.
   */
  startLogin?(host: string, timeoutMs: number): void
  /** Ends the logins `startLogin` started for hosts other than `hosts` (no token came for them). */
  endStartedLogins?(hosts: string[]): Promise<void>
  /** Ends and removes whatever `prepare` and `startLogin` made that no login used. */
  dispose?(): Promise<void>
}

/** What a story tells the clients beyond their environment (docker uses these; the others need none). */
export interface ClientOptions {
  /** Where tokens go (the credential-store input); `auto` by default. */
  credentialStore?: CredentialStoreMode
  /** Where a warning goes (the job log). */
  warn?(message: string): void
  /** Told where each host's token was kept, for post (main saves it in state). */
  onKept?(host: string, kept: KeptLogin): void
  /** Where main kept each host's token (post, from state). */
  kept?: Map<string, KeptLogin>
}

/** How the stories get their clients: the entries pass the real CLIs, tests pass fakes. */
export interface ClientFactory {
  /** Where `name` is on `path` (PATH's format), or undefined. */
  locate(name: ClientName, path: string): string | undefined
  /** A client whose config (DOCKER_CONFIG, REGISTRY_AUTH_FILE, HOME...) comes from `env`. */
  create(name: ClientName, env: NodeJS.ProcessEnv, options?: ClientOptions): RegistryClient
}

/**
 * The clients a run uses, found on `path` before anything else happens, so that a runner
 * without them fails at once rather than after a token fetch. Throws UserError naming what was
 * looked for and where.
 */
export function pick(choice: ClientChoice, path: string, locate: ClientFactory['locate']): ClientName[] {
  if (choice === 'auto') {
    const found = CLIENT_NAMES.find(name => locate(name, path))
    if (found) return [found]
    throw notFound(`None of ${CLIENT_NAMES.join(', ')} was found on PATH`, path)
  }
  const missing = choice.filter(name => !locate(name, path))
  if (!missing.length) return choice
  const what = missing.length === 1 ? `${missing[0]} was` : `${missing.join(' and ')} were`
  throw notFound(`container-cli names ${missing.join(', ')}, but ${what} not found on PATH`, path)
}

function notFound(what: string, path: string): UserError {
  return new UserError(
    `${what} (${path || 'PATH is empty'}), so no registry can be logged into.`,
    'Install the client, or name the ones you have in container-cli. For tools that only read ' +
      'Docker’s config (Helm, oras, crane, buildx), credential-helper: true needs no client at all.'
  )
}

/** PATH from `env`; on Windows in whatever case the environment spells it (`Path`). */
export function envPath(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  return envValue(env, 'PATH', platform) ?? ''
}

/**
 * The directories of a PATH value. Windows allows an entry in double quotes
 * (`"C:\Program Files\Docker"`), where a `;` belongs to the entry.
 */
export function pathEntries(path: string, platform: NodeJS.Platform = process.platform): string[] {
  if (platform !== 'win32') return path.split(delimiter)
  return (path.match(/(?:"[^"]*"?|[^;"])+/g) ?? []).map(entry => entry.replace(/"/g, '').trim())
}

/** The executable `name` in the first directory of `path` that has it (PATHEXT on Windows). */
export function findOnPath(
  name: string,
  path: string,
  platform: NodeJS.Platform = process.platform,
  pathext: string = envValue(process.env, 'PATHEXT', platform) ?? '.EXE;.CMD;.BAT;.COM'
): string | undefined {
  const names =
    platform === 'win32'
      ? pathext
          .split(';')
          .filter(Boolean)
          .map(ext => name + ext)
      : [name]
  for (const dir of pathEntries(path, platform)) {
    if (!dir) continue
    for (const candidate of names.map(n => join(dir, n))) {
      try {
        if (!statSync(candidate).isFile()) continue
        if (platform !== 'win32') accessSync(candidate, constants.X_OK)
        return candidate
      } catch {
        // not here
      }
    }
  }
  return undefined
}

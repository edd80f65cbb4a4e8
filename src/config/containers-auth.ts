import { promises as fs } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, posix, win32 } from 'node:path'
import { envValue } from '../env.js'
import { readDockerConfig, updateDockerConfig } from './docker-config.js'
import { UserError } from '../errors.js'
import { lockFile, updateLocked } from './file-lock.js'
import { readJsonObject, writeJsonFile, type JsonFileKind } from './json-file.js'

/** One `auths` entry of auth.json: `auth` is base64 user:password. */
export type AuthEntry = Record<string, unknown>

/**
 * The auth.json of podman, buildah and skopeo (containers-auth.json(5)). Only `auths` is ours to
 * change; every other key (credHelpers, ...) is kept as it is.
 */
export interface AuthFile {
  auths?: Record<string, AuthEntry>
  credHelpers?: Record<string, string>
  [key: string]: unknown
}

/**
 * The file `podman|buildah|skopeo login` writes to, found as they find it (containers/common's
 * default --authfile, then containers/image; checked against Debian 12's podman 4.3, buildah
 * 1.28 and skopeo 1.9): $REGISTRY_AUTH_FILE; else $DOCKER_CONFIG/config.json when DOCKER_CONFIG
 * is set; else $XDG_RUNTIME_DIR/containers/auth.json; else /run/containers/<uid>/auth.json
 * (~/.config/containers/auth.json on macOS and Windows, where ~ is %USERPROFILE%). containers-auth.json(5) also names
 * ~/.config/containers/auth.json on Linux, but only as a read-only fallback.
 */
export function authFilePath(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  uid: number = process.getuid?.() ?? 0
): string {
  const path = platform === 'win32' ? win32 : posix
  const variable = (name: string) => envValue(env, name, platform)?.trim()
  const explicit = variable('REGISTRY_AUTH_FILE')
  if (explicit) return explicit
  const dockerConfig = variable('DOCKER_CONFIG')
  if (dockerConfig) return path.join(dockerConfig, 'config.json')
  // containers/storage's homedir: %USERPROFILE% on Windows (whatever HOME says), $HOME elsewhere.
  if (platform === 'win32')
    return path.join(variable('USERPROFILE') || homedir(), '.config', 'containers', 'auth.json')
  if (platform === 'darwin') return path.join(env.HOME || homedir(), '.config', 'containers', 'auth.json')
  const runtime = variable('XDG_RUNTIME_DIR')
  if (runtime) return path.join(runtime, 'containers', 'auth.json')
  return `/run/containers/${uid}/auth.json`
}

/** How messages name the auth file, and what to do when it is not JSON. */
const AUTH_FILE: JsonFileKind = {
  noun: 'the registry auth file',
  malformedHint: 'Fix or remove the file; podman, buildah and skopeo cannot read it either.'
}

/** Reads an auth file; a missing or empty one is `{}`, a malformed one an error (json-file.ts). */
export function readAuthFile(file: string): Promise<AuthFile> {
  return readJsonObject<AuthFile>(file, AUTH_FILE)
}

/**
 * Writes an auth file atomically (temp file + rename) with its mode kept (0600 for a new one),
 * through a symlinked file, creating its directory private to the user as the tools do.
 */
export function writeAuthFile(file: string, content: AuthFile): Promise<void> {
  return writeJsonFile(file, content, AUTH_FILE)
}

/** A lock not refreshed for this long belongs to a process that died: take it over. */
const LOCK_STALE_MS = 10_000
const LOCK_SETTINGS = {
  staleMs: LOCK_STALE_MS,
  updateMs: LOCK_STALE_MS / 2,
  // About 20 s of waiting in all: twice the stale age, so a dead holder's lock is always taken over first.
  retries: { retries: 120, factor: 1.2, minTimeout: 10, maxTimeout: 200, randomize: true }
}

/**
 * Read-modify-write of an auth file under a lock (file-lock.ts, as for Docker's config: a lock
 * directory beside the file, refreshed while held, taken over once stale), so concurrent logins of
 * this and other ecr-login processes lose no entry, and every key `mutate` does not touch survives.
 */
export async function updateAuthFile(file: string, mutate: (content: AuthFile) => void): Promise<void> {
  const target = await fs.realpath(file).catch(() => file)
  try {
    await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 })
  } catch (error) {
    throw new UserError(`Cannot write the registry auth file ${file}: ${(error as Error).message}`)
  }
  const lockPath = `${target}.ecr-login.lock`
  await updateLocked<AuthFile>(
    {
      key: target,
      lock: () =>
        lockFile(target, lockPath, LOCK_SETTINGS).catch((error: unknown) => {
          throw new UserError(
            `Timed out waiting for the lock on ${file} held by another ecr-login process: ${(error as Error).message}`
          )
        }),
      read: () => readAuthFile(target),
      write: content => writeAuthFile(target, content),
      lost: attempts => new UserError(`Lost the lock ${lockPath} ${attempts} times while updating ${file}.`)
    },
    mutate
  )
}

/** An auth file and the read and locked merge that suit it. */
export interface AuthStore {
  file: string
  read(): Promise<AuthFile>
  update(mutate: (content: AuthFile) => void): Promise<void>
}

/**
 * The auth file the containers tools use in `env`. When that is Docker's config.json, it is
 * read and merged as docker-config.ts does, under the same lock as docker's own logins, and every
 * Docker setting in it is kept (the tools themselves would drop credsStore, proxies, ...).
 */
export function authStore(env: NodeJS.ProcessEnv = process.env): AuthStore {
  const file = authFilePath(env)
  if (!env.REGISTRY_AUTH_FILE?.trim() && env.DOCKER_CONFIG?.trim()) {
    const dir = dirname(file)
    return { file, read: () => readDockerConfig(dir), update: mutate => updateDockerConfig(dir, mutate) }
  }
  return { file, read: () => readAuthFile(file), update: mutate => updateAuthFile(file, mutate) }
}

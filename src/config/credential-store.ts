import type { DockerConfig } from './docker-config.js'

/**
 * Where ECR tokens go (the credential-store input): `auto` the store docker would use, falling
 * back to the config file for a host whose store cannot take the token; `store` that store or an
 * error; `file` the config file, no store ever called for an ECR host.
 */
export type CredentialStoreMode = 'auto' | 'store' | 'file'
export const CREDENTIAL_STORE_MODES: readonly CredentialStoreMode[] = ['auto', 'store', 'file']

/** The store docker uses for one host, and why. `store` is '' for the config file itself. */
export interface HostStore {
  store: string
  /**
   * `credHelpers` (config.credHelpers[host]), `credsStore`, `detected` (none configured, docker
   * picks the platform's default when its helper is on PATH), or `none` (the config file).
   */
  source: 'credHelpers' | 'credsStore' | 'detected' | 'none'
}

/**
 * Whether docker would detect a store for this config: only when it has no credsStore, no
 * credHelpers and no auths entry at all (docker/cli config.go: `!configFile.ContainsAuth()`).
 */
export function detectsStore(config: DockerConfig): boolean {
  return (
    !config.credsStore &&
    Object.keys(config.credHelpers ?? {}).length === 0 &&
    Object.keys(config.auths ?? {}).length === 0
  )
}

/**
 * The platform's default store, as docker picks it when the config names none
 * (docker/cli cli/config/credentials/default_store*.go): wincred on Windows, osxkeychain on macOS,
 * on Linux pass when the `pass` program is on PATH, else secretservice; used only when its
 * `docker-credential-<name>` is on PATH. Undefined on other platforms or without the helper.
 */
export function platformDefaultStore(
  platform: NodeJS.Platform,
  onPath: (program: string) => boolean
): string | undefined {
  const name =
    platform === 'win32'
      ? 'wincred'
      : platform === 'darwin'
        ? 'osxkeychain'
        : platform === 'linux'
          ? onPath('pass')
            ? 'pass'
            : 'secretservice'
          : undefined
  return name && onPath(`docker-credential-${name}`) ? name : undefined
}

/**
 * The store docker uses for `host` with `config` as it is (docker/cli configfile
 * getConfiguredCredentialStore): `credHelpers[host]` when the key is there (an empty value means
 * the file), else `credsStore`, else the detected default (`detect`, asked only when the config
 * has nothing that stops docker detecting), else the file.
 */
export function hostStore(config: DockerConfig, host: string, detect: () => string | undefined): HostStore {
  const helpers = config.credHelpers
  if (helpers && typeof helpers === 'object' && Object.prototype.hasOwnProperty.call(helpers, host)) {
    return { store: String(helpers[host] ?? ''), source: 'credHelpers' }
  }
  if (config.credsStore) return { store: config.credsStore, source: 'credsStore' }
  const detected = detectsStore(config) ? detect() : undefined
  return detected ? { store: detected, source: 'detected' } : { store: '', source: 'none' }
}

/**
 * Windows Credential Manager holds at most 2560 bytes per secret (CRED_MAX_CREDENTIAL_BLOB_SIZE,
 * danieljoos/wincred #18); wincred and Docker Desktop's store on Windows answer a longer one with
 * `The stub received bad data.`
 */
export const WINCRED_MAX_SECRET_BYTES = 2560

/** Why `store` cannot hold `secret` on `platform`, when that is known without asking it. */
export function knownTooLarge(store: string, platform: NodeJS.Platform, secret: string): string | undefined {
  if (platform !== 'win32' || !['wincred', 'desktop'].includes(store)) return undefined
  const bytes = Buffer.byteLength(secret)
  return bytes > WINCRED_MAX_SECRET_BYTES
    ? `the token has ${bytes} bytes, more than the ${WINCRED_MAX_SECRET_BYTES} Windows Credential Manager holds`
    : undefined
}

/** A store name as docker runs it (`docker-credential-<name>`): no path, no option. */
export function isStoreName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)
}

/**
 * Where main kept one host's docker login, saved in state so that post undoes exactly that: the
 * store it went into ('' for the config file), and whether main wrote `credHelpers[host]` (that
 * store) into the user's config to make docker look there, over which value of the user's.
 */
export interface KeptLogin {
  store: string
  override?: boolean
  /** The user's own `credHelpers[host]` that the override replaced, which post puts back. */
  replaced?: string
}

/** Parses the saved `{host: KeptLogin}`; entries that are not one (a tampered state) are dropped. */
export function parseKeptLogins(raw: string): Map<string, KeptLogin> {
  const kept = new Map<string, KeptLogin>()
  let saved: unknown
  try {
    saved = raw ? JSON.parse(raw) : {}
  } catch {
    return kept
  }
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return kept
  for (const [host, value] of Object.entries(saved as Record<string, unknown>)) {
    const entry = value as Partial<KeptLogin> | null
    if (!entry || typeof entry !== 'object' || typeof entry.store !== 'string') continue
    if (entry.store && !isStoreName(entry.store)) continue
    if (entry.override !== true) {
      kept.set(host, { store: entry.store })
      continue
    }
    const replaced =
      typeof entry.replaced === 'string' && isStoreName(entry.replaced) ? entry.replaced : undefined
    kept.set(
      host,
      replaced === undefined
        ? { store: entry.store, override: true }
        : { store: entry.store, override: true, replaced }
    )
  }
  return kept
}

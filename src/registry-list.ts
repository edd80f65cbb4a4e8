import { UserError } from './errors.js'
import { describeIdentity, type Identity } from './ecr/identity.js'
import { INPUTS, readRegistry } from './inputs.js'
import { likelyHost, parseHost, regionFromEnv, type RegistryTarget } from './ecr/registry.js'

// The list form of `registries`: a YAML sequence whose items are entries as in the plain form, or
// maps that give an entry its own identity (an AWS profile, a role) or an alias host. The YAML
// parser and the SDK's INI loader are imported only here, and only when an input is a list, so a
// run with the plain form loads neither.

/** The keys a map item may have. */
export const ITEM_KEYS = ['registry', 'aws-profile', 'role-to-assume', 'role-session-name', 'alias'] as const

/** An IAM role ARN in any partition: `arn:aws:iam::123456789012:role/path/name`. */
const ROLE_ARN = /^arn:aws(?:-[a-z]+)*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/
/** What STS accepts as RoleSessionName. */
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
/** A DNS host name (labels of letters, digits and inner hyphens), with an optional port. */
const HOST_NAME =
  /^(?=.{1,253}(?::|$))(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?::\d{1,5})?$/i

/** Whether `registries` is the list form: its first non-blank line starts with `- `. */
export function isRegistryList(raw: string): boolean {
  const first = raw.split(/\r?\n/).find(line => line.trim() !== '')
  return first !== undefined && /^\s*-(\s|$)/.test(first)
}

/**
 * Parses the list form into targets, in list order without duplicates, each with its identity and
 * alias. Every item is checked before any call (whether a profile exists: identities.ts
 * checkProfiles); a bad one is a UserError naming the item, the key, the value and what is valid.
 */
export async function readRegistryList(raw: string, env: NodeJS.ProcessEnv): Promise<RegistryTarget[]> {
  const { parse } = await import('yaml')
  let doc: unknown
  try {
    doc = parse(raw)
  } catch (error) {
    throw new UserError(
      `Invalid input for '${INPUTS.registries}': the list is not valid YAML: ${(error as Error).message.split('\n')[0]}`,
      'Write one item per line, each starting with "- ": an account ID or host, or a map with a registry key.'
    )
  }
  if (!Array.isArray(doc)) {
    throw new UserError(
      `Invalid input for '${INPUTS.registries}': it starts like a YAML list but is not one.`,
      'Write one item per line, each starting with "- ".'
    )
  }
  return unique(
    doc.map((item: unknown, i) => readItem(item, i + 1)),
    env
  )
}

/** The alias hosts of a list (post accepts these in its state); the input is re-read, not trusted from state. */
export async function readListAliases(raw: string): Promise<string[]> {
  const { parse } = await import('yaml')
  let doc: unknown
  try {
    doc = parse(raw)
  } catch {
    return []
  }
  if (!Array.isArray(doc)) return []
  return doc.flatMap((item, i) => {
    if (!isMap(item) || item.alias === undefined) return []
    try {
      return [checkAlias(item.alias, i + 1)]
    } catch {
      return []
    }
  })
}

function isMap(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null && !Array.isArray(item)
}

function itemError(n: number, message: string, hint?: string): UserError {
  return new UserError(`Invalid input for '${INPUTS.registries}': item ${n} ${message}`, hint)
}

/** A scalar as text: YAML reads `- 123456789012` as a number. */
function text(value: unknown, n: number, key: string): string {
  if (typeof value === 'string') return value.trim()
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value)
  throw itemError(n, `has ${key}: ${JSON.stringify(value) ?? String(value)}, which is not a string.`)
}

function readItem(item: unknown, n: number): RegistryTarget {
  if (!isMap(item)) return entry(text(item, n, 'an entry'), n)
  for (const key of Object.keys(item)) {
    if (!(ITEM_KEYS as readonly string[]).includes(key)) {
      throw itemError(n, `has the key '${key}', which is not valid.`, `Valid keys: ${ITEM_KEYS.join(', ')}.`)
    }
  }
  if (item.registry === undefined || item.registry === null) {
    throw itemError(n, "has no 'registry' key.", 'Each map names its registry: an account ID or an ECR host.')
  }
  const target = entry(text(item.registry, n, "'registry'"), n)
  const identity: Identity = {}
  if (item['aws-profile'] !== undefined) {
    const profile = text(item['aws-profile'], n, "'aws-profile'")
    if (!profile || /\s/.test(profile)) {
      throw itemError(n, `has aws-profile: '${profile}', which is not a profile name.`)
    }
    identity.profile = profile
  }
  if (item['role-to-assume'] !== undefined) {
    const arn = text(item['role-to-assume'], n, "'role-to-assume'")
    if (!ROLE_ARN.test(arn)) {
      throw itemError(
        n,
        `has role-to-assume: '${arn}', which is not an IAM role ARN.`,
        'Give the role ARN, e.g. arn:aws:iam::123456789012:role/ecr-push.'
      )
    }
    identity.roleArn = arn
  }
  if (item['role-session-name'] !== undefined) {
    const name = text(item['role-session-name'], n, "'role-session-name'")
    if (!identity.roleArn) {
      throw itemError(
        n,
        'has role-session-name but no role-to-assume.',
        'Name the role to assume, or drop it.'
      )
    }
    if (!SESSION_NAME.test(name)) {
      throw itemError(
        n,
        `has role-session-name: '${name}', which STS does not accept.`,
        'Use 2 to 64 letters, digits and any of _+=,.@-'
      )
    }
    identity.sessionName = name
  }
  if (identity.profile || identity.roleArn) target.identity = identity
  if (item.alias !== undefined) target.alias = checkAlias(item.alias, n)
  return target
}

function entry(value: string, n: number): RegistryTarget {
  try {
    return readRegistry(value)
  } catch (error) {
    if (error instanceof UserError) {
      throw new UserError(
        error.message.replace(/^Invalid input for '[^']+': /, itemError(n, '').message),
        error.hint
      )
    }
    throw error
  }
}

function checkAlias(value: unknown, n: number): string {
  const alias = text(value, n, "'alias'").replace(/^https:\/\//i, '')
  if (parseHost(alias.replace(/:\d+$/, ''))) {
    throw itemError(
      n,
      `has alias: '${alias}', which is itself an ECR registry host.`,
      'An alias is your own host name in front of the registry, e.g. registry.company.example.'
    )
  }
  if (!HOST_NAME.test(alias)) {
    throw itemError(
      n,
      `has alias: '${alias}', which is not a valid host name.`,
      'Give a host name (letters, digits, hyphens and dots, an optional :port), without a scheme or path, e.g. registry.company.example.'
    )
  }
  return alias
}

/**
 * Drops repeats of the same registry with the same identity and alias; the same registry with two
 * identities or aliases is an error, as is one alias for two registries. An account ID and its
 * host in AWS_REGION are one registry.
 */
function unique(targets: RegistryTarget[], env: NodeJS.ProcessEnv): RegistryTarget[] {
  let region: string | undefined
  const keyOf = (t: RegistryTarget): string => {
    if (t.host) return t.host.toLowerCase()
    region ??= regionFromEnv(env) ?? ''
    return (region && likelyHost(t.account!, region)) || `account:${t.account}`
  }
  const seen = new Map<string, { target: RegistryTarget; n: number }>()
  const aliases = new Map<string, number>()
  const out: RegistryTarget[] = []
  targets.forEach((target, i) => {
    const n = i + 1
    const key = keyOf(target)
    const before = seen.get(key)
    const how = (t: RegistryTarget) => `${describe(t.identity)}${t.alias ? `, alias ${t.alias}` : ''}`
    if (before) {
      if (how(before.target) !== how(target)) {
        throw itemError(
          n,
          `names the registry of item ${before.n} again, with ${how(target)} instead of ${how(before.target)}.`,
          'A registry has one identity and one alias: give each registry once.'
        )
      }
      return
    }
    if (target.alias) {
      const other = aliases.get(target.alias.toLowerCase())
      if (other !== undefined) {
        throw itemError(
          n,
          `has alias: '${target.alias}', which item ${other} uses too.`,
          'An alias fronts one registry.'
        )
      }
      aliases.set(target.alias.toLowerCase(), n)
    }
    seen.set(key, { target, n })
    out.push(target)
  })
  return out
}

function describe(identity: Identity | undefined): string {
  if (!identity) return 'the default credentials'
  return `${describeIdentity(identity)}${identity.sessionName ? ` (session ${identity.sessionName})` : ''}`
}

// What a `registries` list item says about whose credentials its API call uses, and how that is
// named. No SDK here: registry-list.ts (which post loads too) and tokens.ts import it; resolving an
// identity into credentials is identities.ts, which main loads only when an item has one.

/** Whose credentials an API call uses; at least one of `profile` and `roleArn` is set. */
export interface Identity {
  /** A profile of the shared config/credentials files. */
  profile?: string
  /** A role assumed with the profile's credentials, else the step's, else the job's OIDC token. */
  roleArn?: string
  sessionName?: string
}

/** AWS credentials as the SDK takes them (resolved by identities.ts); secrets, masked as soon as they exist. */
export interface Credentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  expiration?: Date
}

/** How an identity is named in the log, the summary and messages; never a secret. */
export function describeIdentity(identity: Identity): string {
  const role = identity.roleArn && `role ${identity.roleArn}`
  if (identity.profile && role) return `${role} (assumed with profile ${identity.profile})`
  return role || `profile ${identity.profile}`
}

/** One key per distinct identity: the groups of API calls, and the STS calls, are per key. */
export function identityKey(identity: Identity | undefined): string {
  if (!identity) return ''
  return JSON.stringify([identity.profile ?? '', identity.roleArn ?? '', identity.sessionName ?? ''])
}

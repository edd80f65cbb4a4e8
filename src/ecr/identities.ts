import { join } from 'node:path'
import { messageOf, UserError } from '../errors.js'
import type { ApiOptions } from './aws.js'
import type { Credentials, Identity } from './identity.js'
import { regionFromEnv, type RegistryTarget } from './registry.js'

// Resolving the identity (identity.ts) a `registries` list item gives its registry's API call: a
// profile of the shared files, a role assumed with the step's credentials (or a profile's), or a role assumed with the
// job's GitHub OIDC token when the step has no AWS credentials. The SDK, STS client and toolkit
// OIDC client are imported only when an identity is resolved, so the plain form loads none.

// Credentials live in identity.ts, so that aws.ts can name them without importing this module.
export type { Credentials } from './identity.js'

/** Where a role's session comes from. */
export type RoleSource = 'profile' | 'default' | 'oidc'

/** The audience GitHub's OIDC token is asked for, as STS and configure-aws-credentials expect. */
export const OIDC_AUDIENCE = 'sts.amazonaws.com'

/**
 * Whether the step has AWS credentials of its own: the variables configure-aws-credentials (or a
 * runner) sets. A role with none of them, in a job that may ask for an OIDC token, is assumed
 * with that token, as configure-aws-credentials does.
 */
export function hasStepCredentials(env: NodeJS.ProcessEnv): boolean {
  return [
    'AWS_ACCESS_KEY_ID',
    'AWS_PROFILE',
    'AWS_WEB_IDENTITY_TOKEN_FILE',
    'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
    'AWS_CONTAINER_CREDENTIALS_FULL_URI'
  ].some(name => !!env[name])
}

/** Where a role's session comes from, decided from the environment alone (no call). */
export function roleSource(identity: Identity, env: NodeJS.ProcessEnv): RoleSource {
  if (identity.profile) return 'profile'
  if (!hasStepCredentials(env) && env.ACTIONS_ID_TOKEN_REQUEST_URL) return 'oidc'
  return 'default'
}

/** The session name when an item gives none: names the run, within STS's 64 characters. */
export function defaultSessionName(env: NodeJS.ProcessEnv): string {
  const run = [env.GITHUB_RUN_ID, env.GITHUB_RUN_ATTEMPT].filter(Boolean).join('-')
  return (run ? `ecr-login-${run}` : 'ecr-login').replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
}

/** Where the SDK reads profiles from, as it resolves them (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE). */
export function sharedFiles(env: NodeJS.ProcessEnv, home: string): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(home, '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(home, '.aws', 'credentials')
  }
}

/**
 * Checks, before any call, that each target's aws-profile is in the shared config or credentials
 * file, read with the SDK's own loader; a missing one is a UserError naming the files searched.
 */
export async function checkProfiles(targets: RegistryTarget[], env: NodeJS.ProcessEnv): Promise<void> {
  if (!targets.some(t => t.identity?.profile)) return
  const { getHomeDir, loadSharedConfigFiles } = await import('@smithy/core/config')
  const files = sharedFiles(env, env.HOME || getHomeDir())
  const loaded = await loadSharedConfigFiles({
    filepath: files.credentials,
    configFilepath: files.config,
    ignoreCache: true
  })
  for (const target of targets) {
    const profile = target.identity?.profile
    if (!profile || loaded.configFile[profile] || loaded.credentialsFile[profile]) continue
    throw new UserError(
      `Invalid input for 'registries': the item of ${target.host ?? target.account} has aws-profile: '${profile}', which is in neither ${files.config} nor ${files.credentials}.`,
      'Write the profile first (e.g. with aws-actions/configure-aws-credentials and its aws-profile input), or set AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE to the files that hold it.'
    )
  }
}

/** What resolving identities needs; tests pass their own `getIdToken`. */
export interface IdentityDeps {
  env: NodeJS.ProcessEnv
  /** Masks a secret in the log (the runner's setSecret). */
  setSecret(value: string): void
  /** The API options of the step (proxy, CA bundle, debug log): STS calls go the same way. */
  api: ApiOptions
  /** The job's GitHub OIDC token for an audience; default: @actions/core's getIDToken. */
  getIdToken?(audience: string): Promise<string>
  /**
   * Where STS is called: the region of the identity's registry, so that a China or GovCloud
   * registry's role is assumed in its own partition; absent: AWS_REGION, else us-east-1.
   */
  region?: string
}

/**
 * The credentials of one identity (for a role: one STS call), masked as soon as they exist.
 * Failures are UserErrors naming the identity and the likely cause. The caller resolves each
 * distinct identity once (login.ts), however many API calls use it.
 */
export async function resolveIdentity(identity: Identity, deps: IdentityDeps): Promise<Credentials> {
  const credentials = await resolve(identity, deps)
  deps.setSecret(credentials.secretAccessKey)
  if (credentials.sessionToken) deps.setSecret(credentials.sessionToken)
  return credentials
}

async function resolve(identity: Identity, deps: IdentityDeps): Promise<Credentials> {
  const { env } = deps
  const { apiRequestHandler, USER_AGENT, withApiDeadline: withDeadline } = await import('./aws.js')
  const clientConfig = {
    region: deps.region ?? regionFromEnv(env) ?? 'us-east-1',
    customUserAgent: USER_AGENT,
    requestHandler: apiRequestHandler(deps.api)
  }
  const { fromIni } = await import('@aws-sdk/credential-providers')
  const profileCredentials = () =>
    fromIni({ profile: identity.profile, clientConfig })().catch(error => {
      throw new UserError(
        `Could not get credentials from profile ${identity.profile}: ${messageOf(error)}`,
        'Check the profile in the shared config/credentials files: its keys, or what it names to get them.'
      )
    })
  if (!identity.roleArn) return withDeadline(() => profileCredentials())

  const source = roleSource(identity, env)
  const roleArn = identity.roleArn
  const RoleSessionName = identity.sessionName ?? defaultSessionName(env)
  const sts = await import('@aws-sdk/client-sts')
  if (source === 'oidc') {
    const token = await oidcToken(identity, deps)
    const client = new sts.STSClient(clientConfig)
    try {
      const out = await withDeadline(abortSignal =>
        client.send(
          new sts.AssumeRoleWithWebIdentityCommand({
            RoleArn: roleArn,
            RoleSessionName,
            WebIdentityToken: token
          }),
          { abortSignal }
        )
      )
      return fromSts(out.Credentials, roleArn)
    } catch (error) {
      throw roleError(error, roleArn, source, `the job's GitHub OIDC token (${subjectOf(token)})`)
    }
  }
  const client = new sts.STSClient({
    ...clientConfig,
    ...(source === 'profile' ? { credentials: profileCredentials } : {})
  })
  try {
    const out = await withDeadline(abortSignal =>
      client.send(new sts.AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName }), { abortSignal })
    )
    return fromSts(out.Credentials, roleArn)
  } catch (error) {
    if (error instanceof UserError) throw error
    const principal = source === 'profile' ? `profile ${identity.profile}` : "the step's default credentials"
    throw roleError(error, roleArn, source, principal)
  }
}

/** The job's OIDC token, masked at once; a job without `id-token: write` is told so. */
async function oidcToken(identity: Identity, deps: IdentityDeps): Promise<string> {
  const get =
    deps.getIdToken ?? (async (audience: string) => (await import('@actions/core')).getIDToken(audience))
  let token: string
  try {
    token = await get(OIDC_AUDIENCE)
  } catch (error) {
    throw new UserError(
      `Could not get a GitHub OIDC token to assume role ${identity.roleArn}: ${messageOf(error)}`,
      "The step has no AWS credentials, so the role is assumed with the job's OIDC token: give the job `permissions: id-token: write`, or configure AWS credentials before this step."
    )
  }
  deps.setSecret(token)
  return token
}

function fromSts(
  credentials:
    { AccessKeyId?: string; SecretAccessKey?: string; SessionToken?: string; Expiration?: Date } | undefined,
  roleArn: string
): Credentials {
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey) {
    throw new UserError(`STS returned no credentials for role ${roleArn}.`)
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration
  }
}

/** The `sub` claim of a JWT (which repository, branch or environment asked), for messages; never the token. */
export function subjectOf(token: string): string {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      sub?: unknown
    }
    return typeof payload.sub === 'string' ? `sub ${payload.sub}` : 'no sub claim'
  } catch {
    return 'not a JWT'
  }
}

/** An STS failure as a UserError naming the role, who asked, and the likely cause. */
export function roleError(error: unknown, roleArn: string, source: RoleSource, principal: string): UserError {
  const e = error as { name?: string; Code?: string; message?: string }
  const code = e?.name ?? e?.Code ?? 'Error'
  const message = messageOf(error)
  // STS names the caller itself: "User: arn:aws:iam::111111111111:user/ci is not authorized ...".
  const asked = /User: (\S+) is not authorized/.exec(message)?.[1]
  const who = asked ? `${asked} (${principal})` : principal
  if (code === 'AccessDenied' || code === 'AccessDeniedException') {
    const hint =
      source === 'oidc'
        ? `The role's trust policy must allow sts:AssumeRoleWithWebIdentity for the federated principal token.actions.githubusercontent.com, with conditions that match the audience ${OIDC_AUDIENCE} and this job's sub.`
        : `The role's trust policy must allow ${asked ?? 'this principal'} to call sts:AssumeRole, and that principal's own policies must allow sts:AssumeRole on ${roleArn}.`
    return new UserError(`Could not assume role ${roleArn} as ${who}: AccessDenied: ${message}`, hint)
  }
  if (code === 'TimeoutError') {
    return new UserError(`Could not assume role ${roleArn} as ${who}: STS did not answer: ${message}`)
  }
  if (source === 'default' && /Could not load credentials|credential/i.test(message) && !asked) {
    return new UserError(
      `Could not assume role ${roleArn}: the step has no AWS credentials to assume it with (${message}).`,
      'Configure AWS credentials before this step, or give the job `permissions: id-token: write` so the role is assumed with its OIDC token.'
    )
  }
  return new UserError(`Could not assume role ${roleArn} as ${who}: ${code}: ${message}`)
}

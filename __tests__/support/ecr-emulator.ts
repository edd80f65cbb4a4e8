import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, type Server } from 'node:https'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'

/** Failures the emulator injects; counters decrement as they fire. */
export interface EmulatorFaults {
  throttle: number
  serverErrors: number
  invalidCredentials: boolean
  accessDenied: boolean
  latencyMs: number
  /** If set, faults apply only to calls in these regions. */
  regions?: string[]
}

/** One request the emulator received, successful or not. */
export interface RecordedCall {
  service: 'ecr' | 'ecr-public'
  target: string
  region: string
  host: string
  accessKeyId: string
  registryIds?: string[]
  userAgent: string
  status: number
  at: number
}

/** An access key the emulator knows, with the account its private registry defaults to. */
export interface EmulatorKey {
  accessKeyId: string
  secretAccessKey: string
  account: string
  /** Temporary keys (from STS) only: the token every request signed with them must carry. */
  sessionToken?: string
  /** Who the key is, as STS names a caller: a user, or the assumed role's session. */
  arn?: string
}

/** One STS call the emulator received (AssumeRole or AssumeRoleWithWebIdentity), successful or not. */
export interface StsCall {
  action: string
  roleArn: string
  sessionName: string
  /** The signing key (AssumeRole); empty for AssumeRoleWithWebIdentity, which is not signed. */
  accessKeyId: string
  /** The web identity token's subject (AssumeRoleWithWebIdentity). */
  subject?: string
  /** The region of the signature's scope (AssumeRole). */
  region?: string
  status: number
  /** The temporary key issued, when the call succeeded. */
  issued?: string
}

/** The namespace of STS's XML (AWS Query protocol). */
const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/'

/** The keys every emulator accepts: AWS's documented example keys. */
export const EMULATOR_KEYS: readonly EmulatorKey[] = [
  {
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    account: '111111111111'
  },
  {
    accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
    secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
    account: '222222222222'
  }
]

/** Options for `EcrEmulator.start`. */
export interface EmulatorOptions {
  /** PEM text, or a path to a PEM file. */
  cert: string
  /** PEM text, or a path to a PEM file. */
  key: string
  /** The registry password that every token carries (the token is base64 of `AWS:<password>`). */
  password: string
  host?: string
  port?: number
  /** accessKeyId → default account, overriding the account of a key in `EMULATOR_KEYS`. */
  accounts?: Record<string, string>
  /** Extra keys besides `EMULATOR_KEYS`. */
  keys?: EmulatorKey[]
  /**
   * Checks a web identity token for AssumeRoleWithWebIdentity: its subject when the token is valid
   * for audience sts.amazonaws.com, else undefined (InvalidIdentityToken). Without it, every web
   * identity token is refused.
   */
  webIdentity?: (token: string) => string | undefined
}

/** Role names (the ARN's last part) the emulator refuses to let anyone assume: AccessDenied. */
export const DENIED_ROLE_PREFIX = 'denied'

/** X-Amz-Target of the private registry's GetAuthorizationToken. */
export const PRIVATE_TARGET = 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken'
/** X-Amz-Target of ECR Public's GetAuthorizationToken. */
export const PUBLIC_TARGET = 'SpencerFrontendService.GetAuthorizationToken'

const TOKEN_LIFETIME_SECONDS = 12 * 60 * 60

/** No faults: the state after `reset()`. */
export function noFaults(): EmulatorFaults {
  return { throttle: 0, serverErrors: 0, invalidCredentials: false, accessDenied: false, latencyMs: 0 }
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

interface SignedRequest {
  accessKeyId: string
  date: string
  region: string
  service: string
  signedHeaders: string[]
  signature: string
}

/** An in-process HTTPS server that answers GetAuthorizationToken as ECR and ECR Public do, with real SigV4 checks. */
export class EcrEmulator {
  /** Calls in arrival order, including rejected ones. */
  readonly calls: RecordedCall[] = []
  /** STS calls in arrival order, including refused ones. */
  readonly stsCalls: StsCall[] = []
  /** Mutable: tests set faults between calls. */
  faults: EmulatorFaults = noFaults()
  /**
   * Mutable: the proxyEndpoint answered for an account's private registry; by default its ECR host.
   * The smoke test (scripts/smoke.ts) points it at a loopback registry, where no hosts file maps ECR names.
   */
  proxyEndpoint = (account: string, region: string): string =>
    `https://${account}.dkr.ecr.${region}.${partitionDomain(region)}`

  private readonly sockets = new Set<Duplex>()

  private constructor(
    private readonly server: Server,
    /** https://host:port */
    readonly url: string,
    private readonly password: string,
    private readonly keys: Map<string, EmulatorKey>,
    /** Checks web identity tokens (EmulatorOptions.webIdentity); tests may set it after start. */
    public webIdentity?: (token: string) => string | undefined
  ) {
    server.on('connection', socket => {
      this.sockets.add(socket)
      socket.on('close', () => this.sockets.delete(socket))
    })
  }

  /** Starts listening; resolves once the port is bound. */
  static async start(opts: EmulatorOptions): Promise<EcrEmulator> {
    const keys = new Map<string, EmulatorKey>()
    for (const k of [...EMULATOR_KEYS, ...(opts.keys ?? [])]) keys.set(k.accessKeyId, { ...k })
    for (const [id, account] of Object.entries(opts.accounts ?? {})) {
      const known = keys.get(id)
      if (!known) throw new Error(`accounts: ${id} is not a key the emulator knows; pass it in keys`)
      known.account = account
    }
    const server = createServer({ cert: pem(opts.cert), key: pem(opts.key) })
    const host = opts.host ?? '127.0.0.1'
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const { port } = server.address() as AddressInfo
    const emulator = new EcrEmulator(server, `https://${host}:${port}`, opts.password, keys, opts.webIdentity)
    server.on('request', (req, res) => {
      // A client that hangs up mid-request must not become an unhandled rejection in the test process.
      emulator.handle(req, res).catch(() => res.destroy())
    })
    return emulator
  }

  /** Forgets recorded calls and clears all faults. */
  reset(): void {
    this.calls.length = 0
    this.stsCalls.length = 0
    // Temporary keys of earlier tests expire with them.
    for (const [id, key] of this.keys) if (key.sessionToken) this.keys.delete(id)
    this.faults = noFaults()
  }

  /** Closes the server and every open connection. */
  async stop(): Promise<void> {
    const closed = new Promise<void>(resolve => this.server.close(() => resolve()))
    // SDK clients keep connections alive; without destroying them close() would wait for their idle timeout.
    for (const socket of this.sockets) socket.destroy()
    await closed
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req)
    if (header(req, 'content-type').startsWith('application/x-www-form-urlencoded'))
      return this.handleSts(req, res, body)
    const target = header(req, 'x-amz-target')
    const call: RecordedCall = {
      service: target.startsWith('SpencerFrontendService.') ? 'ecr-public' : 'ecr',
      target,
      region: '',
      host: header(req, 'host').replace(/:\d+$/, ''),
      accessKeyId: '',
      userAgent: header(req, 'user-agent'),
      status: 0,
      at: Date.now()
    }
    this.calls.push(call)
    let status = 200
    let payload: unknown
    const headers: Record<string, string> = {
      'content-type': 'application/x-amz-json-1.1',
      'x-amzn-requestid': randomUUID()
    }
    try {
      payload = await this.answer(req, body, call)
    } catch (error) {
      const e =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'InternalFailure', `emulator bug: ${String(error)}`)
      status = e.status
      payload = { __type: e.code, message: e.message }
      headers['x-amzn-errortype'] = e.code
    }
    call.status = status
    const text = JSON.stringify(payload)
    res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(text) })
    res.end(text)
  }

  private async answer(req: IncomingMessage, body: Buffer, call: RecordedCall): Promise<unknown> {
    const auth = parseAuthorization(header(req, 'authorization'))
    if (auth) {
      call.region = auth.region
      call.accessKeyId = auth.accessKeyId
    }
    const faulty = !this.faults.regions || this.faults.regions.includes(call.region)
    if (faulty && this.faults.latencyMs > 0) await new Promise(r => setTimeout(r, this.faults.latencyMs))

    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      throw new ApiError(404, 'UnknownOperationException', `No operation at ${req.method} ${req.url}`)
    }
    if (call.target !== PRIVATE_TARGET && call.target !== PUBLIC_TARGET) {
      throw new ApiError(400, 'UnknownOperationException', `Unknown operation ${call.target || '(none)'}`)
    }
    if (!auth) throw new ApiError(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token')
    const key = this.verify(req, body, auth, call.service)

    if (faulty) this.injectFaults(key, call.service)

    if (!header(req, 'content-type').startsWith('application/x-amz-json-1.1')) {
      throw new ApiError(400, 'SerializationException', 'Expected Content-Type application/x-amz-json-1.1')
    }
    const input = parseBody(body)
    const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_SECONDS
    const authorizationToken = Buffer.from(`AWS:${this.password}`).toString('base64')

    if (call.service === 'ecr-public') {
      if (call.region !== 'us-east-1') {
        throw new ApiError(
          400,
          'InvalidSignatureException',
          `Credential should be scoped to a valid region, not '${call.region}'. ECR Public is only available in us-east-1.`
        )
      }
      return { authorizationData: { authorizationToken, expiresAt } }
    }

    // Recorded before validation, so a test can see what a refused request asked for.
    if (Array.isArray(input.registryIds)) call.registryIds = input.registryIds.map(String)
    const ids = validateRegistryIds(input.registryIds)
    const accounts = ids ?? [key.account]
    return {
      authorizationData: accounts.map(account => ({
        authorizationToken,
        expiresAt,
        proxyEndpoint: this.proxyEndpoint(account, call.region)
      }))
    }
  }

  private verify(req: IncomingMessage, body: Buffer, auth: SignedRequest, service: string): EmulatorKey {
    const key = this.keys.get(auth.accessKeyId)
    if (!key) {
      throw new ApiError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
    if (auth.service !== service) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        `Credential should be scoped to correct service: '${service}'. (the credential scope names '${auth.service}')`
      )
    }
    const amzDate = header(req, 'x-amz-date')
    if (!amzDate.startsWith(auth.date)) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}'`
      )
    }
    if (key.sessionToken) {
      // Temporary keys are only good with their session token, signed like any other header.
      if (
        header(req, 'x-amz-security-token') !== key.sessionToken ||
        !auth.signedHeaders.includes('x-amz-security-token')
      ) {
        throw new ApiError(
          403,
          'UnrecognizedClientException',
          'The security token included in the request is invalid.'
        )
      }
    }
    if (!auth.signedHeaders.includes('host')) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        "'Host' must be a 'SignedHeader' in the AWS Authorization."
      )
    }
    // Services other than S3 hash the body they received, whatever x-amz-content-sha256 claims, so a body
    // changed after signing fails as a bad signature.
    const bodyHash = sha256(body)
    const canonicalRequest = [
      req.method ?? 'POST',
      canonicalPath(req.url ?? '/'),
      canonicalQuery(req.url ?? '/'),
      auth.signedHeaders.map(name => `${name}:${canonicalHeaderValue(req, name)}\n`).join(''),
      auth.signedHeaders.join(';'),
      bodyHash
    ].join('\n')
    const scope = `${auth.date}/${auth.region}/${auth.service}/aws4_request`
    const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(Buffer.from(canonicalRequest))].join(
      '\n'
    )
    let signingKey = hmac(`AWS4${key.secretAccessKey}`, auth.date)
    for (const part of [auth.region, auth.service, 'aws4_request']) signingKey = hmac(signingKey, part)
    const expected = Buffer.from(hmac(signingKey, stringToSign).toString('hex'))
    const given = Buffer.from(auth.signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
      throw new ApiError(
        403,
        'InvalidSignatureException',
        'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
      )
    }
    return key
  }

  /** STS over the AWS Query protocol: form-encoded Action=...&Version=2011-06-15, XML answers. */
  private async handleSts(req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> {
    const form = new URLSearchParams(body.toString('utf8'))
    const call: StsCall = {
      action: form.get('Action') ?? '',
      roleArn: form.get('RoleArn') ?? '',
      sessionName: form.get('RoleSessionName') ?? '',
      accessKeyId: '',
      status: 0
    }
    this.stsCalls.push(call)
    let status = 200
    let xml: string
    try {
      xml = this.answerSts(req, body, form, call)
    } catch (error) {
      const e =
        error instanceof ApiError
          ? error
          : new ApiError(500, 'InternalFailure', `emulator bug: ${String(error)}`)
      status = e.status
      xml =
        `<ErrorResponse xmlns="${STS_XMLNS}"><Error><Type>Sender</Type><Code>${e.code}</Code>` +
        `<Message>${escapeXml(e.message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`
    }
    call.status = status
    res.writeHead(status, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(xml),
      'x-amzn-requestid': randomUUID()
    })
    res.end(xml)
  }

  private answerSts(req: IncomingMessage, body: Buffer, form: URLSearchParams, call: StsCall): string {
    if (form.get('Version') !== '2011-06-15') {
      throw new ApiError(
        400,
        'InvalidAction',
        `Could not find operation ${call.action} for version ${form.get('Version')}`
      )
    }
    const role = /^arn:aws[a-z-]*:iam::(\d{12}):role\/(?:.*\/)?([\w+=,.@-]+)$/.exec(call.roleArn)
    if (!role) throw new ApiError(400, 'ValidationError', `${call.roleArn} is invalid`)
    if (!/^[\w+=,.@-]{2,64}$/.test(call.sessionName)) {
      throw new ApiError(
        400,
        'ValidationError',
        `1 validation error detected: Value '${call.sessionName}' at 'roleSessionName' failed to satisfy constraint`
      )
    }
    let caller: string
    if (call.action === 'AssumeRole') {
      const auth = parseAuthorization(header(req, 'authorization'))
      if (!auth)
        throw new ApiError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
      call.accessKeyId = auth.accessKeyId
      call.region = auth.region
      const key = this.verify(req, body, auth, 'sts')
      caller = key.arn ?? `arn:aws:iam::${key.account}:user/ci`
    } else if (call.action === 'AssumeRoleWithWebIdentity') {
      const subject = this.webIdentity?.(form.get('WebIdentityToken') ?? '')
      if (!subject)
        throw new ApiError(
          400,
          'InvalidIdentityToken',
          "Couldn't retrieve verification key from your identity provider"
        )
      call.subject = subject
      caller = `token.actions.githubusercontent.com:${subject}`
    } else {
      throw new ApiError(
        400,
        'InvalidAction',
        `Could not find operation ${call.action} for version 2011-06-15`
      )
    }
    if (role[2].startsWith(DENIED_ROLE_PREFIX)) {
      throw new ApiError(
        403,
        'AccessDenied',
        call.action === 'AssumeRole'
          ? `User: ${caller} is not authorized to perform: sts:AssumeRole on resource: ${call.roleArn}`
          : 'Not authorized to perform sts:AssumeRoleWithWebIdentity'
      )
    }
    const arn = `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/${call.sessionName}`
    const key: EmulatorKey = {
      accessKeyId: `ASIA${randomBytes(8).toString('hex').toUpperCase()}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: randomBytes(96).toString('base64'),
      account: role[1],
      arn
    }
    this.keys.set(key.accessKeyId, key)
    call.issued = key.accessKeyId
    const expiration = new Date(Date.now() + 3600_000).toISOString()
    return (
      `<${call.action}Response xmlns="${STS_XMLNS}"><${call.action}Result>` +
      `<Credentials><AccessKeyId>${key.accessKeyId}</AccessKeyId><SecretAccessKey>${key.secretAccessKey}</SecretAccessKey>` +
      `<SessionToken>${key.sessionToken}</SessionToken><Expiration>${expiration}</Expiration></Credentials>` +
      `<AssumedRoleUser><AssumedRoleId>AROA${role[1]}:${call.sessionName}</AssumedRoleId><Arn>${arn}</Arn></AssumedRoleUser>` +
      `</${call.action}Result><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></${call.action}Response>`
    )
  }

  /** The temporary keys STS issued, by access key ID: tests check what signed each ECR call. */
  issuedKey(accessKeyId: string): EmulatorKey | undefined {
    const key = this.keys.get(accessKeyId)
    return key?.sessionToken ? { ...key } : undefined
  }

  private injectFaults(key: EmulatorKey, service: RecordedCall['service']): void {
    const f = this.faults
    if (f.invalidCredentials) {
      throw new ApiError(
        403,
        'UnrecognizedClientException',
        'The security token included in the request is invalid.'
      )
    }
    if (f.accessDenied) {
      const action = `${service}:GetAuthorizationToken`
      throw new ApiError(
        400,
        'AccessDeniedException',
        `User: arn:aws:iam::${key.account}:user/ci is not authorized to perform: ${action} on resource: * because no identity-based policy allows the ${action} action`
      )
    }
    if (f.throttle > 0) {
      f.throttle--
      throw new ApiError(400, 'ThrottlingException', 'Rate exceeded')
    }
    if (f.serverErrors > 0) {
      f.serverErrors--
      throw new ApiError(500, 'ServerException', 'We encountered an internal error. Please try again.')
    }
  }
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

function parseBody(body: Buffer): { registryIds?: unknown } {
  let input: unknown
  try {
    input = body.length === 0 ? {} : JSON.parse(body.toString('utf8'))
  } catch {
    input = undefined
  }
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new ApiError(400, 'SerializationException', 'Start of structure or map found where not expected.')
  }
  return input
}

function validateRegistryIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined
  if (!Array.isArray(value) || value.some(v => typeof v !== 'string')) {
    throw new ApiError(400, 'SerializationException', 'registryIds must be a list of strings')
  }
  const ids = value as string[]
  // The service prints the list the way Java does, e.g. [111111111111, 2222].
  const shown = `Value '[${ids.join(', ')}]' at 'registryIds' failed to satisfy constraint`
  if (ids.length > 10) {
    throw new ApiError(
      400,
      'ValidationException',
      `1 validation error detected: ${shown}: Member must have length less than or equal to 10`
    )
  }
  if (ids.length < 1) {
    throw new ApiError(
      400,
      'ValidationException',
      `1 validation error detected: ${shown}: Member must have length greater than or equal to 1`
    )
  }
  if (ids.some(id => !/^[0-9]{12}$/.test(id))) {
    throw new ApiError(
      400,
      'ValidationException',
      `1 validation error detected: ${shown}: Member must satisfy constraint: [Member must satisfy regular expression pattern: [0-9]{12}]`
    )
  }
  return ids
}

/** The DNS suffix of a region's partition, as used in proxyEndpoint. */
export function partitionDomain(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn'
  if (region.startsWith('eusc-')) return 'amazonaws.eu'
  return 'amazonaws.com'
}

function parseAuthorization(value: string): SignedRequest | undefined {
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request,\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]+)\s*$/.exec(
      value
    )
  if (!m) return undefined
  return {
    accessKeyId: m[1],
    date: m[2],
    region: m[3],
    service: m[4],
    signedHeaders: m[5].split(';'),
    signature: m[6]
  }
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name]
  return Array.isArray(v) ? v.join(',') : (v ?? '')
}

function canonicalHeaderValue(req: IncomingMessage, name: string): string {
  const values = req.headersDistinct[name] ?? []
  return values.map(v => v.trim().replace(/\s+/g, ' ')).join(',')
}

// SigV4 for every service but S3 encodes each path segment once more, on top of the client's own encoding.
function canonicalPath(url: string): string {
  const path = url.split('?')[0] || '/'
  return path
    .split('/')
    .map(segment => rfc3986(segment))
    .join('/')
}

function canonicalQuery(url: string): string {
  const q = url.includes('?') ? url.slice(url.indexOf('?') + 1) : ''
  if (!q) return ''
  return q
    .split('&')
    .filter(Boolean)
    .map(pair => {
      const [k, v = ''] = pair.split('=')
      return [rfc3986(decodeURIComponent(k)), rfc3986(decodeURIComponent(v))]
    })
    .sort(([ak, av], [bk, bv]) => (ak === bk ? (av < bv ? -1 : 1) : ak < bk ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex')
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest()
}

function pem(value: string): string {
  return value.includes('-----BEGIN') ? value : readFileSync(value, 'utf8')
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

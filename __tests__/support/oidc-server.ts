import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * A stand-in for the Actions runtime's OIDC token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL
 * names): GET with `Authorization: Bearer <request token>` and `&audience=...` answers
 * `{"value": "<JWT>"}`. Its JWTs are HMAC-signed with a key only this server and `verify` know,
 * so an emulator that accepts a token through `verify` knows this server issued it.
 */
export class OidcServer {
  /** Every token request, in order: the audience asked for and whether the bearer was right. */
  readonly requests: { audience: string | null; authorized: boolean }[] = []
  private readonly key = randomBytes(32)

  private constructor(
    private readonly server: Server,
    /** ACTIONS_ID_TOKEN_REQUEST_URL: carries a query already, as the runtime's does. */
    readonly url: string,
    /** ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
    readonly requestToken: string,
    /** The `sub` claim of every token issued. */
    readonly subject: string
  ) {}

  /** Starts listening on `host` (a 127.0.0.x address), on a free port. */
  static async start(options: { host?: string; subject?: string } = {}): Promise<OidcServer> {
    const host = options.host ?? '127.0.0.1'
    const server = createServer()
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, host, () => resolve())
    })
    const { port } = server.address() as AddressInfo
    const oidc = new OidcServer(
      server,
      `http://${host}:${port}/_apis/idtoken?api-version=2.0`,
      randomBytes(16).toString('hex'),
      options.subject ?? 'repo:owner/app:ref:refs/heads/main'
    )
    server.on('request', (req, res) => {
      const url = new URL(req.url ?? '/', `http://${host}`)
      const authorized = req.headers.authorization === `Bearer ${oidc.requestToken}`
      const audience = url.searchParams.get('audience')
      oidc.requests.push({ audience, authorized })
      const body = authorized
        ? JSON.stringify({ value: oidc.issue(audience ?? '') })
        : JSON.stringify({ message: 'Unauthorized' })
      res.writeHead(authorized ? 200 : 401, { 'content-type': 'application/json' })
      res.end(body)
    })
    return oidc
  }

  /** The token's subject when this server issued it for `sts.amazonaws.com`; else undefined. */
  verify = (token: string): string | undefined => {
    const [header, payload, signature] = token.split('.')
    if (!header || !payload || !signature) return undefined
    const expected = Buffer.from(this.sign(`${header}.${payload}`))
    const given = Buffer.from(signature)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
      aud?: string
      sub?: string
    }
    return claims.aud === 'sts.amazonaws.com' ? claims.sub : undefined
  }

  /** Stops listening. */
  async stop(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise<void>(resolve => this.server.close(() => resolve()))
  }

  private issue(audience: string): string {
    const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url')
    const now = Math.floor(Date.now() / 1000)
    const unsigned = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({
      iss: 'https://token.actions.githubusercontent.com',
      aud: audience,
      sub: this.subject,
      iat: now,
      exp: now + 300
    })}`
    return `${unsigned}.${this.sign(unsigned)}`
  }

  private sign(data: string): string {
    return createHmac('sha256', this.key).update(data).digest('base64url')
  }
}

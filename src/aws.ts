import { readFileSync } from 'node:fs'
import type * as http from 'node:http'
import * as net from 'node:net'
import * as tls from 'node:tls'
import { Agent, type AgentConnectOpts } from 'agent-base'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { UserError } from './errors.js'
import { proxyFor, type ProxySettings } from './proxy.js'
import { redactUrl } from './redact.js'
import { PUBLIC_REGION, type Service } from './registry.js'

/** One authorizationData entry, as the API returned it. */
export interface AuthData {
  authorizationToken: string
  expiresAt?: Date
  proxyEndpoint?: string
}

/** The one ECR call this project makes; tests provide a plain object instead. */
export interface EcrApi {
  /** The region the client signs for, once resolved (for messages). */
  readonly region?: string
  /** GetAuthorizationToken; `registryIds` empty means the caller's default registry (private only). */
  getAuthorizationToken(registryIds: string[]): Promise<AuthData[]>
}

/** Which API endpoint a client is for: one client per (service, region, FIPS). */
export interface ApiTarget {
  service: Service
  /** Absent: the SDK's region chain (AWS_REGION, AWS_DEFAULT_REGION, profile). */
  region?: string
  fips: boolean
}

export interface ApiOptions {
  proxy: ProxySettings
  /** Debug log; proxy URLs reach it redacted. */
  debug?: (message: string) => void
}

/**
 * Bounds of each API request, so an endpoint or proxy that accepts a connection and never answers
 * fails instead of hanging the step: connecting (through a proxy: until it answers CONNECT), and
 * the whole request until the response headers, and any silence on the socket after that. With
 * the SDK's 3 attempts and its backoff, a silent endpoint fails in under a minute.
 */
export const API_TIMEOUTS = { connectionMs: 5_000, requestMs: 15_000, socketMs: 15_000 } as const

/**
 * However many attempts the SDK is allowed (AWS_MAX_ATTEMPTS) and whatever it waits on (credential
 * providers included), one token request gives up after this long.
 */
export const API_DEADLINE_MS = 90_000

/** Appended to the SDK's user agent, as the reference action does, so AWS can count our calls. */
export const USER_AGENT = 'amazon-ecr-login-for-github-actions'

/**
 * Builds an EcrApi for one target. The SDK is imported here, lazily, so that a run loads only the
 * client it needs (ECR Public only for public registries) and the post step never loads it.
 */
export async function createEcrApi(target: ApiTarget, options: ApiOptions): Promise<EcrApi> {
  const env = options.proxy.env
  const debug = options.debug ?? (() => undefined)
  const requestHandler = {
    httpsAgent: new ProxyRouter(options.proxy, readCaBundle(env), options.debug),
    connectionTimeout: API_TIMEOUTS.connectionMs,
    requestTimeout: API_TIMEOUTS.requestMs,
    // Without it, a request past requestTimeout only logs a warning and goes on waiting.
    throwOnRequestTimeout: true,
    socketTimeout: API_TIMEOUTS.socketMs,
    // The handler's default logger is the console: its warnings would reach docker's stderr
    // through the credential helper. They go to the debug log instead.
    logger: { trace: debug, debug, info: debug, warn: debug, error: debug }
  }
  if (target.service === 'ecr-public') {
    const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr-public')
    const client = new ECRPUBLICClient({ region: PUBLIC_REGION, customUserAgent: USER_AGENT, requestHandler })
    return {
      region: PUBLIC_REGION,
      async getAuthorizationToken() {
        const out = await withDeadline(abortSignal =>
          client.send(new GetAuthorizationTokenCommand({}), { abortSignal })
        )
        const data = out.authorizationData
        return data?.authorizationToken
          ? [{ authorizationToken: data.authorizationToken, expiresAt: data.expiresAt }]
          : []
      }
    }
  }
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr')
  const client = new ECRClient({
    region: target.region,
    // A configured endpoint (AWS_ENDPOINT_URL_ECR, e.g. a VPC endpoint) wins over FIPS; the SDK
    // refuses the combination outright.
    useFipsEndpoint: target.fips && !endpointConfigured(env, 'ECR') ? true : undefined,
    customUserAgent: USER_AGENT,
    requestHandler
  })
  // Resolving the region now turns "no region configured" into an error before any request.
  const region = await client.config.region()
  return {
    region,
    async getAuthorizationToken(registryIds) {
      const out = await withDeadline(abortSignal =>
        client.send(new GetAuthorizationTokenCommand(registryIds.length ? { registryIds } : {}), {
          abortSignal
        })
      )
      return (out.authorizationData ?? []).flatMap(d =>
        d.authorizationToken
          ? [
              {
                authorizationToken: d.authorizationToken,
                expiresAt: d.expiresAt,
                proxyEndpoint: d.proxyEndpoint
              }
            ]
          : []
      )
    }
  }
}

/**
 * Runs one SDK call with `deadlineMs` as its limit: past it, the request in flight is aborted and
 * the call fails with a TimeoutError, even if the SDK was still retrying or resolving credentials.
 */
export async function withDeadline<T>(
  send: (abortSignal: AbortSignal) => Promise<T>,
  deadlineMs = API_DEADLINE_MS
): Promise<T> {
  const controller = new AbortController()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const error = Object.assign(
        new Error(`no answer within ${deadlineMs / 1000} s, the SDK's retries included`),
        { name: 'TimeoutError' }
      )
      controller.abort(error)
      reject(error)
    }, deadlineMs)
  })
  try {
    return await Promise.race([send(controller.signal), deadline])
  } finally {
    clearTimeout(timer)
  }
}

/** The access key id the SDK's default credential chain resolves to; throws when there is none. */
export async function defaultAccessKeyId(): Promise<string | undefined> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node')
  return (await defaultProvider()()).accessKeyId || undefined
}

function endpointConfigured(env: NodeJS.ProcessEnv, serviceId: string): boolean {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return false
  return Boolean(env[`AWS_ENDPOINT_URL_${serviceId}`] || env.AWS_ENDPOINT_URL)
}

/**
 * The trust for API connections when AWS_CA_BUNDLE is set (the JavaScript SDK ignores it; the CLI
 * and other SDKs read it): the bundle ADDED to node's roots and NODE_EXTRA_CA_CERTS rather than
 * replacing them, so a runner that sets it for a corporate proxy still trusts what node trusts.
 * Undefined when it is not set: node's defaults apply.
 */
export function readCaBundle(env: NodeJS.ProcessEnv): string[] | undefined {
  const file = env.AWS_CA_BUNDLE?.trim()
  if (!file) return undefined
  let bundle: string
  try {
    bundle = readFileSync(file, 'utf8')
  } catch (error) {
    throw new UserError(
      `AWS_CA_BUNDLE names '${file}', which cannot be read: ${(error as Error).message}`,
      'Point AWS_CA_BUNDLE at a PEM file of trusted certificates, or unset it.'
    )
  }
  // Node itself only warns when NODE_EXTRA_CA_CERTS cannot be read; so do we, by leaving it out.
  const extraFile = env.NODE_EXTRA_CA_CERTS?.trim()
  let extra: string[] = []
  try {
    if (extraFile) extra = [readFileSync(extraFile, 'utf8')]
  } catch {
    extra = []
  }
  return [...tls.rootCertificates, ...extra, bundle]
}

/**
 * An https agent that decides per connection whether to go through a proxy, so NO_PROXY is
 * honoured for whatever endpoint the SDK resolves (regional, FIPS, or a configured one).
 */
class ProxyRouter extends Agent {
  private readonly proxies = new Map<string, HttpsProxyAgent<string>>()
  private readonly announced = new Set<string>()
  // Built once: parsing a CA list per connection would cost milliseconds each time.
  private readonly secureContext: tls.SecureContext | undefined

  constructor(
    private readonly settings: ProxySettings,
    ca: string[] | undefined,
    private readonly debug?: (message: string) => void
  ) {
    super({ keepAlive: true })
    this.secureContext = ca && tls.createSecureContext({ ca })
  }

  connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<net.Socket> | net.Socket {
    const target = `https://${opts.host}:${opts.port}`
    const proxy = proxyFor(target, this.settings)
    const withCa = this.secureContext ? { ...opts, secureContext: this.secureContext } : opts
    this.announce(target, proxy)
    if (proxy) {
      let agent = this.proxies.get(proxy)
      if (!agent) {
        agent = new HttpsProxyAgent(proxy, { keepAlive: true })
        this.proxies.set(proxy, agent)
      }
      return agent.connect(req, withCa as AgentConnectOpts)
    }
    const host = opts.host ?? 'localhost'
    return tls.connect({
      ...(withCa as tls.ConnectionOptions),
      servername: net.isIP(host) ? undefined : host
    })
  }

  private announce(target: string, proxy: string | undefined): void {
    if (!this.debug || this.announced.has(target)) return
    this.announced.add(target)
    this.debug(
      proxy ? `Connecting to ${target} through proxy ${redactUrl(proxy)}` : `Connecting to ${target} directly`
    )
  }
}

import type * as http from 'node:http'
import * as net from 'node:net'
import * as tls from 'node:tls'
import { Agent, type AgentConnectOpts } from 'agent-base'
import type { HttpsProxyAgent } from 'https-proxy-agent'
import { configuredEndpoint, takeConnection, type ApiTarget } from './api-connection.js'
import { proxyFor, type ProxySettings } from './proxy.js'
import { redactUrl } from '../redact.js'
import pkg from '../../package.json'
import { PUBLIC_REGION, regionFromEnv } from './registry.js'
import { apiSecureContext } from './trust.js'
import { capResponses } from './response-cap.js'
import { withDeadline } from '../deadline.js'
import type { Credentials } from './identity.js'

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

// Which API endpoint a client is for; defined beside the endpoint guessing, which needs it too.
export type { ApiTarget } from './api-connection.js'

export interface ApiOptions {
  proxy: ProxySettings
  /** Debug log; proxy URLs reach it redacted. */
  debug?: (message: string) => void
  /** Credentials of a list item's identity (identities.ts); absent: the SDK's default chain. */
  credentials?: Credentials
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

/**
 * Appended to the SDK's user agent as `ecr-login/<version>`, so that AWS counts our calls as ours
 * (the reference action names itself `amazon-ecr-login-for-github-actions`).
 */
export const USER_AGENT: [string, string][] = [['ecr-login', pkg.version]]

/**
 * Builds an EcrApi for one target. The SDK is imported here, lazily, so that a run loads only the
 * client it needs (ECR Public only for public registries) and the post step never loads it.
 */
export async function createEcrApi(target: ApiTarget, options: ApiOptions): Promise<EcrApi> {
  const env = options.proxy.env
  const requestHandler = apiRequestHandler(options)
  // A list item's identity (identities.ts); absent: the SDK's default chain.
  const credentials = options.credentials
  if (target.service === 'ecr-public') {
    const { ECRPUBLICClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr-public')
    const client = new ECRPUBLICClient({
      region: PUBLIC_REGION,
      customUserAgent: USER_AGENT,
      requestHandler,
      credentials
    })
    capResponses(client)
    return {
      region: PUBLIC_REGION,
      async getAuthorizationToken() {
        const out = await withApiDeadline(abortSignal =>
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
    // A bad AWS_REGION is named here rather than left to the SDK's 'Region not accepted'.
    region: target.region ?? regionFromEnv(env),
    // A configured endpoint (AWS_ENDPOINT_URL_ECR, e.g. a VPC endpoint) wins over FIPS; the SDK
    // refuses the combination outright.
    useFipsEndpoint: target.fips && !configuredEndpoint(target, env) ? true : undefined,
    customUserAgent: USER_AGENT,
    requestHandler,
    credentials
  })
  capResponses(client)
  // Resolving the region now turns "no region configured" into an error before any request.
  const region = await client.config.region()
  return {
    region,
    async getAuthorizationToken(registryIds) {
      const out = await withApiDeadline(abortSignal =>
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

/** The request handler of every API client (ECR, ECR Public, STS): proxy, CA bundle, time bounds. */
export function apiRequestHandler(options: ApiOptions) {
  const env = options.proxy.env
  const debug = options.debug ?? (() => undefined)
  return {
    httpsAgent: new ProxyRouter(options.proxy, apiSecureContext(env), options.debug),
    connectionTimeout: API_TIMEOUTS.connectionMs,
    requestTimeout: API_TIMEOUTS.requestMs,
    // Without it, a request past requestTimeout only logs a warning and goes on waiting.
    throwOnRequestTimeout: true,
    socketTimeout: API_TIMEOUTS.socketMs,
    // The handler's default logger is the console: its warnings would reach docker's stderr
    // through the credential helper. They go to the debug log instead.
    logger: { trace: debug, debug, info: debug, warn: debug, error: debug }
  }
}

/**
 * One SDK call bounded by API_DEADLINE_MS (deadline.ts): past it, the request in flight is aborted
 * and the call fails with a TimeoutError, even if the SDK was still retrying or resolving credentials.
 */
export function withApiDeadline<T>(send: (abortSignal: AbortSignal) => Promise<T>): Promise<T> {
  return withDeadline(send, API_DEADLINE_MS, sdkTimeout)
}

/** The error of an SDK call past its deadline: a TimeoutError, as the SDK names its own. */
export function sdkTimeout(ms: number): Error {
  return Object.assign(new Error(`no answer within ${ms / 1000} s, the SDK's retries included`), {
    name: 'TimeoutError'
  })
}

/** The access key id the SDK's default credential chain resolves to; throws when there is none. */
export async function defaultAccessKeyId(): Promise<string | undefined> {
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node')
  return (await defaultProvider()()).accessKeyId || undefined
}

/**
 * An https agent that decides per connection whether to go through a proxy, so NO_PROXY is
 * honoured for whatever endpoint the SDK resolves (regional, FIPS, or a configured one).
 */
class ProxyRouter extends Agent {
  // https-proxy-agent (and the debug package it loads) only for a run that uses a proxy.
  private readonly proxies = new Map<string, Promise<HttpsProxyAgent<string>>>()
  private readonly announced = new Set<string>()

  constructor(
    private readonly settings: ProxySettings,
    // Built once (trust.ts): parsing a CA list per connection would cost milliseconds each time.
    private readonly secureContext: tls.SecureContext | undefined,
    private readonly debug?: (message: string) => void
  ) {
    super({ keepAlive: true })
  }

  connect(req: http.ClientRequest, opts: AgentConnectOpts): Promise<net.Socket> | net.Socket {
    const target = `https://${opts.host}:${opts.port}`
    const proxy = proxyFor(target, this.settings)
    const withCa = this.secureContext ? { ...opts, secureContext: this.secureContext } : opts
    this.announce(target, proxy)
    if (proxy) return this.throughProxy(proxy, req, withCa as AgentConnectOpts)
    const host = opts.host ?? 'localhost'
    // The connection main opened while the SDK loaded (api-connection.ts), if it is still good.
    const early = takeConnection(host, Number(opts.port))
    if (early) return early
    return tls.connect({
      ...(withCa as tls.ConnectionOptions),
      servername: net.isIP(host) ? undefined : host
    })
  }

  private async throughProxy(
    proxy: string,
    req: http.ClientRequest,
    opts: AgentConnectOpts
  ): Promise<net.Socket> {
    let agent = this.proxies.get(proxy)
    if (!agent) {
      agent = import('https-proxy-agent').then(m => new m.HttpsProxyAgent(proxy, { keepAlive: true }))
      this.proxies.set(proxy, agent)
    }
    return (await agent).connect(req, opts)
  }

  private announce(target: string, proxy: string | undefined): void {
    if (!this.debug || this.announced.has(target)) return
    this.announced.add(target)
    this.debug(
      proxy ? `Connecting to ${target} through proxy ${redactUrl(proxy)}` : `Connecting to ${target} directly`
    )
  }
}

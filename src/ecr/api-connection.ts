import * as net from 'node:net'
import * as tls from 'node:tls'
import { isCommercialRegion, type Service } from './registry.js'
import { apiSecureContext } from './trust.js'
import { UserError } from '../errors.js'
import { cut } from '../text.js'

/** Which API endpoint a client is for: one client per (service, region, FIPS). */
export interface ApiTarget {
  service: Service
  /** Absent: the SDK's region chain (AWS_REGION, AWS_DEFAULT_REGION, profile). */
  region?: string
  fips: boolean
}

/**
 * The endpoint configured for a target's API (AWS_ENDPOINT_URL_ECR / _ECR_PUBLIC, else
 * AWS_ENDPOINT_URL), as the SDK reads it; undefined when none is, or when they are ignored.
 */
export function configuredEndpoint(api: ApiTarget, env: NodeJS.ProcessEnv): string | undefined {
  if (env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') return undefined
  const ownName = api.service === 'ecr-public' ? 'AWS_ENDPOINT_URL_ECR_PUBLIC' : 'AWS_ENDPOINT_URL_ECR'
  const name = env[ownName] ? ownName : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined
  return name && checkEndpoint(name, env[name]!)
}

/** A configured endpoint must be an http(s) URL; else a UserError naming the variable, not a bare 'Invalid URL'. */
function checkEndpoint(name: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (url && (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname) return value
  throw new UserError(
    `The environment variable ${name} is '${cut(value)}', which is not an http(s) URL.`,
    `Set it to the API's URL, e.g. https://api.ecr.us-east-1.amazonaws.com or a VPC endpoint's https:// URL, or unset it.`
  )
}

/** The API URL a target's calls go to, as the SDK resolves it for the common cases. */
export function apiUrl(api: ApiTarget, env: NodeJS.ProcessEnv): string {
  const configured = configuredEndpoint(api, env)
  if (configured) return configured
  const region = api.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1'
  const suffix = region.startsWith('cn-') ? 'amazonaws.com.cn' : 'amazonaws.com'
  return api.service === 'ecr-public'
    ? `https://api.ecr-public.${region}.${suffix}`
    : `https://api.ecr.${region}.${suffix}`
}

/**
 * Whether `apiUrl` is surely where the SDK will connect: a configured endpoint, or a standard
 * regional one (FIPS, GovCloud and the isolated partitions have other host names).
 */
export function predictable(api: ApiTarget, env: NodeJS.ProcessEnv): boolean {
  if (configuredEndpoint(api, env)) return true
  const region = api.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? ''
  return !api.fips && (isCommercialRegion(region) || /^cn-[a-z]+-\d+$/.test(region))
}

const early = new Map<string, tls.TLSSocket>()

/**
 * Opens a TLS connection to `url` now, so that its TCP and TLS round trips overlap the SDK's
 * loading and credential resolution instead of following them; the SDK's agent takes it with
 * `takeConnection`. Only for direct connections (the caller checks the proxy first). A connection
 * that fails or is never taken costs nothing: errors are dropped (the SDK's own connection then
 * reports them) and it never keeps the process alive.
 */
export function preconnect(url: string, env: NodeJS.ProcessEnv): void {
  let target: URL
  try {
    target = new URL(url)
  } catch {
    return
  }
  if (target.protocol !== 'https:') return
  const host = target.hostname.replace(/^\[|\]$/g, '')
  const port = Number(target.port || 443)
  const key = `${host}:${port}`
  if (early.has(key)) return
  let secureContext: tls.SecureContext | undefined
  try {
    secureContext = apiSecureContext(env)
  } catch {
    // An unreadable AWS_CA_BUNDLE is reported by the SDK's client with its own message.
    return
  }
  const socket = tls.connect({
    host,
    port,
    servername: net.isIP(host) ? undefined : host,
    ...(secureContext ? { secureContext } : {})
  })
  socket.unref()
  early.set(key, socket)
  const drop = () => {
    if (early.get(key) === socket) early.delete(key)
    socket.destroy()
  }
  socket.once('error', drop)
  socket.once('close', drop)
  // Never held longer than the SDK's own connection time-out would allow.
  socket.setTimeout(10_000, drop)
}

/** The early connection to host:port, if it is still usable; each is handed out once. */
export function takeConnection(host: string, port: number): tls.TLSSocket | undefined {
  const key = `${host.replace(/^\[|\]$/g, '')}:${port}`
  const socket = early.get(key)
  if (!socket || socket.destroyed) return undefined
  early.delete(key)
  socket.removeAllListeners('error')
  socket.removeAllListeners('close')
  socket.removeAllListeners('timeout')
  socket.setTimeout(0)
  socket.ref()
  return socket
}

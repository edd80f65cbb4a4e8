/** Picks the proxy for one API URL: the action input, else HTTPS_PROXY/HTTP_PROXY, minus NO_PROXY. */

export interface ProxySettings {
  /** The `http-proxy` input; when set it is used for every API call, as in the reference action. */
  input?: string
  env: NodeJS.ProcessEnv
}

function envVar(env: NodeJS.ProcessEnv, name: string): string | undefined {
  // The lower-case spelling wins, as in curl and most Unix tools.
  const value = env[name.toLowerCase()] ?? env[name.toUpperCase()]
  return value?.trim() || undefined
}

/** The proxy URL to use for `target`, or undefined to connect directly. */
export function proxyFor(target: URL | string, settings: ProxySettings): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target
  if (settings.input) return settings.input
  const proxy =
    url.protocol === 'https:'
      ? (envVar(settings.env, 'https_proxy') ?? envVar(settings.env, 'http_proxy'))
      : envVar(settings.env, 'http_proxy')
  if (!proxy) return undefined
  return bypassed(url, envVar(settings.env, 'no_proxy')) ? undefined : proxy
}

/**
 * True when NO_PROXY covers the URL. Entries are host names (a leading `.` or `*.` matches
 * subdomains, a bare name matches itself and its subdomains), IP addresses, CIDR-free
 * `host:port`, or `*` for everything.
 */
export function bypassed(url: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase()
    if (!entry) continue
    if (entry === '*') return true
    let entryPort: string | undefined
    // `[v6]:port`, `host:port`; a bare IPv6 address (`::1`) has colons but no port.
    const portMatch =
      /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ??
      (entry.includes('::') ? null : /^(.*[^:]):(\d+)$/.exec(entry))
    if (portMatch) {
      entry = portMatch[1]
      entryPort = portMatch[2]
    }
    if (entryPort && entryPort !== port) continue
    entry = entry.replace(/^\*?\./, '').replace(/^\[|\]$/g, '')
    if (host === entry || host.endsWith(`.${entry}`)) return true
  }
  return false
}

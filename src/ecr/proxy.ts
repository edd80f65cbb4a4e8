/** Picks the proxy for one API URL: the action input, else HTTPS_PROXY/HTTP_PROXY, minus NO_PROXY. */
import { UserError } from '../errors.js'
import { redactUrl } from '../redact.js'
import { cut } from '../text.js'

export interface ProxySettings {
  /** The `http-proxy` input; when set it is used for every API call, as in the reference action. */
  input?: string
  env: NodeJS.ProcessEnv
}

/** A set proxy variable: the spelling found (for messages) and its trimmed value. */
interface EnvProxy {
  name: string
  value: string
}

function envVar(env: NodeJS.ProcessEnv, name: string): EnvProxy | undefined {
  // The lower-case spelling wins, as in curl and most Unix tools.
  for (const spelling of [name.toLowerCase(), name.toUpperCase()]) {
    const value = env[spelling]
    if (value !== undefined) return value.trim() ? { name: spelling, value: value.trim() } : undefined
  }
  return undefined
}

/**
 * The proxy URL to use for `target`, or undefined to connect directly. A proxy from the
 * environment is checked as the input is (see checkProxyUrl) and throws a UserError naming the
 * variable; a value without a scheme means http://, as curl and Go read these variables.
 */
export function proxyFor(target: URL | string, settings: ProxySettings): string | undefined {
  const url = typeof target === 'string' ? new URL(target) : target
  if (settings.input) return settings.input
  const proxy =
    url.protocol === 'https:'
      ? (envVar(settings.env, 'https_proxy') ?? envVar(settings.env, 'http_proxy'))
      : envVar(settings.env, 'http_proxy')
  if (!proxy) return undefined
  if (bypassed(url, envVar(settings.env, 'no_proxy')?.value)) return undefined
  const value = /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy.value) ? proxy.value : `http://${proxy.value}`
  return checkProxyUrl(value, `Invalid proxy in the environment variable ${proxy.name}`)
}

/**
 * Returns `value` when it is an http(s) URL with a host; else throws a UserError that starts with
 * `prefix` (which names the input or variable), shows the value without its password, and says
 * how to fix it. Only http(s) proxies speak CONNECT, which is all the https-proxy-agent does.
 */
export function checkProxyUrl(value: string, prefix: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return value
  const shown = cut(redactUrl(value))
  const example =
    'Use a URL such as http://proxy.example.com:3128 (user info allowed: http://user:pass@host:3128).'
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(value)?.[1].toLowerCase()
  if (scheme && scheme !== 'http' && scheme !== 'https') {
    throw new UserError(
      `${prefix}: '${shown}' is not an http(s) URL: ${scheme}:// proxies are not supported.`,
      `${example} The AWS API is reached through an HTTP proxy's CONNECT only.`
    )
  }
  if (!url && value.includes('@')) {
    throw new UserError(
      `${prefix}: '${shown}' is not an http(s) URL: it cannot be parsed.`,
      'Percent-encode reserved characters in the user name and password (/ as %2F, @ as %40, : as %3A, ' +
        '# as %23), e.g. http://user:pa%2Fss@proxy.example.com:3128.'
    )
  }
  throw new UserError(`${prefix}: '${shown}' is not an http(s) URL.`, example)
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

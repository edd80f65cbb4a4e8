/** The one place that knows how to hide secrets in text before it is printed or thrown. */

const MASK = '***'

/** Replaces every occurrence of each secret (and its base64 `AWS:secret` form) with `***`. */
export function redact(text: string, secrets: Iterable<string>): string {
  let out = text
  for (const secret of secrets) {
    if (!secret) continue
    for (const form of secretForms(secret)) out = out.split(form).join(MASK)
  }
  return out
}

/**
 * The spellings a password can take in text we print: itself, and the base64 `user:password`
 * pair docker writes to config.json and puts in Authorization headers.
 */
export function secretForms(secret: string): string[] {
  const forms = [secret, Buffer.from(`AWS:${secret}`).toString('base64')]
  return forms.filter(f => f.length >= 4)
}

/** A URL with any password in its user info replaced by `***`, for logs (proxy URLs carry them). */
export function redactUrl(raw: string): string {
  // Without a scheme (`user:pass@proxy:3128`) a URL parser reads `user:` as the scheme.
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return redactUrlsIn(`http://${raw}`).slice('http://'.length)
  try {
    const url = new URL(raw)
    if (url.password) url.password = MASK
    return url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '')
  } catch {
    // Unparseable, e.g. a password with an unencoded `/`.
    return redactUrlsIn(raw)
  }
}

/**
 * Hides `user:password@` user info inside free text such as an error message that quotes a URL.
 * One left-to-right pass: the regular expression this replaces took minutes on megabytes of text
 * without spaces. The password runs to the authority's LAST `@` (a password may contain one), or,
 * when what follows the user's `:` is not a port (a password with an unencoded `/`), to the last
 * `@` before the next white space: such text is no valid `host:port`, so hiding more is safe.
 */
export function redactUrlsIn(text: string): string {
  // Every user info this hides ends at an `@`.
  if (!text.includes('@')) return text
  let out = ''
  let copied = 0
  let from: number
  // The current run of non-space text and its last `@`, computed at most once per run.
  let runEnd = -1
  let runLastAt = -1
  for (let sep = text.indexOf('://'); sep >= 0; sep = text.indexOf('://', from)) {
    const auth = sep + 3
    from = auth
    let stop = auth
    let colon = -1
    let at = -1
    for (; stop < text.length; stop++) {
      const c = text.charCodeAt(stop)
      if (c === SLASH || isSpace(c)) break
      if (c === COLON && colon < 0) colon = stop
      else if (c === AT) at = stop
    }
    if (colon < 0) continue
    if (at < colon && text.charCodeAt(stop) === SLASH && !isPort(text, colon + 1, stop)) {
      if (stop >= runEnd) {
        runLastAt = -1
        for (runEnd = stop; runEnd < text.length; runEnd++) {
          const c = text.charCodeAt(runEnd)
          if (isSpace(c)) break
          if (c === AT) runLastAt = runEnd
        }
      }
      at = runLastAt
    }
    if (at < colon || !schemeBefore(text, sep)) continue
    out += `${text.slice(copied, colon + 1)}${MASK}`
    copied = at
    from = at
  }
  return copied ? out + text.slice(copied) : text
}

const SLASH = 0x2f
const COLON = 0x3a
const AT = 0x40

/** White space as `\s` has it; char codes, since a regular expression per character is slow. */
function isSpace(c: number): boolean {
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d)
  return /\s/.test(String.fromCharCode(c))
}

/** True when text[from, to) is a port: digits only (or nothing). */
function isPort(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x30 || c > 0x39) return false
  }
  return true
}

/** True when `://` at `sep` follows a URL scheme: a letter, then letters, digits, `+`, `.`, `-`. */
function schemeBefore(text: string, sep: number): boolean {
  let letter = false
  for (let i = sep - 1; i >= 0; i--) {
    const c = text.charCodeAt(i) | 0x20
    const isLetter = c >= 0x61 && c <= 0x7a
    const lower = text.charCodeAt(i)
    if (
      !isLetter &&
      !(lower >= 0x30 && lower <= 0x39) &&
      lower !== 0x2b &&
      lower !== 0x2e &&
      lower !== 0x2d
    ) {
      break
    }
    letter ||= isLetter
  }
  return letter
}

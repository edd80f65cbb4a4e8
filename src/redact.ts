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
  try {
    const url = new URL(raw)
    if (url.password) url.password = MASK
    return url.toString().replace(/\/$/, raw.endsWith('/') ? '/' : '')
  } catch {
    // Unparseable: hide anything that looks like user:password@.
    return raw.replace(/\/\/([^/@:]*):[^/@]*@/, `//$1:${MASK}@`)
  }
}

/** Hides `user:password@` user info inside free text such as an error message that quotes a URL. */
export function redactUrlsIn(text: string): string {
  // Greedy up to the authority's last `@`: a password may itself contain one.
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^/\s@:]*):[^/\s]*@/gi, `$1:${MASK}@`)
}

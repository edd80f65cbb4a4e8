// The credential-helper protocol's text, as docker-credential-helpers reads and writes it: shared
// by the full protocol (cli.ts) and the warm-cache answer (cached-get.ts).

/** The stdout line of a successful `get`, in the field order docker-credential-helpers writes. */
export function getAnswer(serverUrl: string, credentials: { username: string; password: string }): string {
  return `${goJson({ ServerURL: serverUrl, Username: credentials.username, Secret: credentials.password })}\n`
}

/**
 * The payload as docker-credential-helpers reads it: lines (without their `\n` or `\r\n`)
 * concatenated, then surrounding white space trimmed.
 */
export function payload(stdin: string): string {
  return stdin
    .split('\n')
    .map(line => line.replace(/\r$/, ''))
    .join('')
    .trim()
}

/**
 * JSON as Go's encoding/json writes it: like JSON.stringify, but `<`, `>`, `&`, U+2028 and U+2029
 * are escaped as \u003c, \u003e, \u0026, \u2028, \u2029 (Go's default HTML-safe escaping).
 */
export function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
}

import { readFileSync } from 'node:fs'
import * as tls from 'node:tls'
import { UserError } from '../errors.js'

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

const contexts = new Map<string, tls.SecureContext | undefined>()

/**
 * The TLS context for API connections (undefined: node's defaults), built once per bundle file:
 * parsing a CA list costs milliseconds, and the early connection and the SDK's must trust the same.
 */
export function apiSecureContext(env: NodeJS.ProcessEnv): tls.SecureContext | undefined {
  const key = env.AWS_CA_BUNDLE?.trim() ?? ''
  if (!contexts.has(key)) {
    const ca = readCaBundle(env)
    contexts.set(key, ca && tls.createSecureContext({ ca }))
  }
  return contexts.get(key)
}

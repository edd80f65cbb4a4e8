import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { isIP } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Paths of the PEM files written by `makeCertificates`. */
export interface TestPki {
  /** The test CA certificate: the one file a client must trust. */
  ca: string
  /** The CA's private key. */
  caKey: string
  /** The server certificate (leaf only), signed by the CA. */
  cert: string
  /** The server certificate's private key. */
  key: string
}

/** Creates a throw-away CA and a server certificate for `names` (host names and IPs) in `dir`, with the openssl CLI. */
export async function makeCertificates(dir: string, names: readonly string[]): Promise<TestPki> {
  const pki: TestPki = {
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'server.pem'),
    key: join(dir, 'server-key.pem')
  }
  const csr = join(dir, 'server.csr')
  const extensions = join(dir, 'server-ext.cnf')
  const unique = [...new Set(names)]
  const dns = unique.filter(n => isIP(n) === 0).map((n, i) => `DNS.${i + 1} = ${n}`)
  const ips = unique.filter(n => isIP(n) !== 0).map((n, i) => `IP.${i + 1} = ${n}`)
  await writeFile(
    extensions,
    [
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, keyEncipherment',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = @alt',
      '[alt]',
      ...dns,
      ...ips,
      ''
    ].join('\n')
  )
  // P-256 keys: generating them takes milliseconds, where RSA would add a noticeable pause to every run.
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
  await openssl([
    'req',
    '-x509',
    ...key,
    '-keyout',
    pki.caKey,
    '-out',
    pki.ca,
    '-days',
    '7',
    '-subj',
    '/CN=ecr-login test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign'
  ])
  await openssl(['req', ...key, '-keyout', pki.key, '-out', csr, '-subj', '/CN=ecr-login test server'])
  await openssl([
    'x509',
    '-req',
    '-in',
    csr,
    '-CA',
    pki.ca,
    '-CAkey',
    pki.caKey,
    '-set_serial',
    `0x${randomBytes(8).toString('hex')}`,
    '-days',
    '7',
    '-extfile',
    extensions,
    '-out',
    pki.cert
  ])
  return pki
}

async function openssl(args: string[]): Promise<void> {
  try {
    await run('openssl', args, { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`openssl ${args[0]} failed: ${stderr.trim() || String(error)}`, { cause: error })
  }
}

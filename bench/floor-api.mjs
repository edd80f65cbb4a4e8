// The floor's API part, run by bench/floor.ts in a fresh node process: one GetAuthorizationToken per region, all
// at once, signed by hand (SigV4 with node:crypto, no SDK), each on a new TLS connection. A fresh process pays
// what any first TLS connection in a step pays (node's root store), as the action does. Timed from the inside,
// from before loading node:https to the last response, so that node's start-up (measured apart, as `node -e 0`)
// is not counted twice. Plain JavaScript, so that no TypeScript loader runs in the process.
//
// Environment: FLOOR_CALLS (JSON [[region, [registryId...]], ...]), FLOOR_KEY (JSON {accessKeyId,
// secretAccessKey}), FLOOR_CA (a PEM file). Prints JSON {ms, password}.
const start = performance.now()
const { request } = await import('node:https')
const { createHash, createHmac } = await import('node:crypto')
const { readFileSync } = await import('node:fs')

const calls = JSON.parse(process.env.FLOOR_CALLS)
const key = JSON.parse(process.env.FLOOR_KEY)
const ca = readFileSync(process.env.FLOOR_CA, 'utf8')

const sha256 = data => createHash('sha256').update(data).digest('hex')
const hmac = (k, data) => createHmac('sha256', k).update(data).digest()

function signedHeaders(host, region, body) {
  const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '')
  const date = amzDate.slice(0, 8)
  const headers = {
    'content-type': 'application/x-amz-json-1.1',
    host,
    'x-amz-date': amzDate,
    'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken'
  }
  const names = Object.keys(headers).sort()
  const canonical = [
    'POST',
    '/',
    '',
    names.map(n => `${n}:${headers[n]}\n`).join(''),
    names.join(';'),
    sha256(body)
  ].join('\n')
  const scope = `${date}/${region}/ecr/aws4_request`
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
  let signingKey = hmac(`AWS4${key.secretAccessKey}`, date)
  for (const part of [region, 'ecr', 'aws4_request']) signingKey = hmac(signingKey, part)
  const signature = hmac(signingKey, toSign).toString('hex')
  const credential = `${key.accessKeyId}/${scope}`
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${names.join(';')}, Signature=${signature}`
  }
}

function getAuthorizationToken(region, registryIds) {
  const host = `api.ecr.${region}.amazonaws.com`
  const body = JSON.stringify(registryIds.length ? { registryIds } : {})
  const headers = signedHeaders(host, region, body)
  return new Promise((resolve, reject) => {
    const options = { host, port: 443, method: 'POST', path: '/', headers, ca, agent: false }
    const req = request(options, res => {
      const chunks = []
      res.on('data', c => chunks.push(c))
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        if (res.statusCode !== 200) return reject(new Error(`${host}: HTTP ${res.statusCode}: ${text}`))
        // user:password, split at the first colon: the password has colons of its own.
        const tokens = JSON.parse(text).authorizationData.map(d =>
          Buffer.from(d.authorizationToken, 'base64').toString('utf8')
        )
        resolve(tokens.map(t => t.slice(t.indexOf(':') + 1)))
      })
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(body)
  })
}

const passwords = await Promise.all(calls.map(([region, ids]) => getAuthorizationToken(region, ids)))
const ms = performance.now() - start
process.stdout.write(JSON.stringify({ ms, password: passwords[0][0] }))

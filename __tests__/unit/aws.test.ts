import * as http from 'node:http'
import type { AddressInfo } from 'node:net'
import pkg from '../../package.json'
import { createEcrApi, sdkTimeout, USER_AGENT } from '../../src/ecr/aws.js'
import { MAX_RESPONSE_BYTES } from '../../src/ecr/response-cap.js'
import { UserError } from '../../src/errors.js'

// Bug: the SDK user agent named another project (`amazon-ecr-login-for-github-actions`).
test('the user agent names this project and its version', () => {
  expect(USER_AGENT).toEqual([['ecr-login', pkg.version]])
  expect(pkg.name).toBe('ecr-login')
})

// Bug: an AWS_REGION the SDK cannot use failed later with 'Region not accepted' or 'Invalid URL'.
test.each([' us-east-1', 'us-east-1; x', ''])(
  'a client for the environment’s region refuses AWS_REGION=%j, naming it, before any request',
  async region => {
    const made = createEcrApi({ service: 'ecr', fips: false }, { proxy: { env: { AWS_REGION: region } } })
    await expect(made).rejects.toBeInstanceOf(UserError)
    await expect(made).rejects.toThrow(/^The environment variable AWS_REGION is /)
  }
)

test('an SDK call past its deadline fails as a TimeoutError', () => {
  expect(sdkTimeout(90_000)).toMatchObject({
    name: 'TimeoutError',
    message: "no answer within 90 s, the SDK's retries included"
  })
})

describe('the size of the API’s answer', () => {
  const saved = { ...process.env }
  let server: http.Server
  let respond: (res: http.ServerResponse) => void
  let url: string
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      req.resume()
      req.on('end', () => respond(res))
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(async () => {
    server.closeAllConnections()
    await new Promise(resolve => server.close(resolve))
  })
  beforeEach(() => {
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_MAX_ATTEMPTS: '1',
      AWS_ENDPOINT_URL_ECR: url
    })
  })
  afterEach(() => {
    process.env = { ...saved }
  })
  const api = () =>
    createEcrApi({ service: 'ecr', region: 'us-east-1', fips: false }, { proxy: { env: process.env } })
  const answer = JSON.stringify({
    authorizationData: [
      { authorizationToken: Buffer.from('AWS:pw').toString('base64'), proxyEndpoint: 'https://x' }
    ]
  })

  test('an answer of a few bytes is read as before', async () => {
    respond = res => res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(answer)
    const data = await (await api()).getAuthorizationToken(['123456789012'])
    expect(data.map(d => d.proxyEndpoint)).toEqual(['https://x'])
  })

  test('an answer whose Content-Length is over the cap is refused unread, with a clear error', async () => {
    respond = res => {
      res.writeHead(200, {
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(2 * MAX_RESPONSE_BYTES)
      })
      res.write('{"authorizationData": [')
    }
    const error = await (await api()).getAuthorizationToken([]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toBe(
      `The ECR API's response is larger than 1 MiB (it announced ${2 * MAX_RESPONSE_BYTES} bytes), so it was not read; a real answer is a few kB.`
    )
  })

  test('an answer that streams without end is cut off at the cap, with a clear error', async () => {
    let sent = 0
    respond = res => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
      const chunk = Buffer.alloc(64 * 1024, 0x20)
      const pump = () => {
        while (!res.destroyed && sent < 64 * MAX_RESPONSE_BYTES && res.write(chunk)) sent += chunk.length
        if (!res.destroyed && sent < 64 * MAX_RESPONSE_BYTES) res.once('drain', pump)
      }
      res.write('{"authorizationData": [')
      pump()
    }
    const error = await (await api()).getAuthorizationToken([]).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(UserError)
    expect((error as Error).message).toMatch(/^The ECR API's response is larger than 1 MiB \(it sent more\)/)
    expect(sent).toBeLessThan(16 * MAX_RESPONSE_BYTES)
  })
})

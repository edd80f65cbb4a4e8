import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ECRClient, GetAuthorizationTokenCommand } from '@aws-sdk/client-ecr'
import { ECRPUBLICClient, GetAuthorizationTokenCommand as GetPublicToken } from '@aws-sdk/client-ecr-public'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { EMULATOR_KEYS, EcrEmulator, PRIVATE_TARGET } from '../support/ecr-emulator.js'
import { makeCertificates } from '../support/tls.js'

const PASSWORD = 'eyJwYXlsb2FkIjoi:unit-test-password'
const [KEY_A, KEY_B] = EMULATOR_KEYS
const creds = (k: (typeof EMULATOR_KEYS)[number]) => ({
  accessKeyId: k.accessKeyId,
  secretAccessKey: k.secretAccessKey
})

let dir: string
let ca: string
let emulator: EcrEmulator
let clients: { destroy(): void }[]

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecr-emulator-test-'))
  const pki = await makeCertificates(dir, ['localhost', '127.0.0.1'])
  ca = await readFile(pki.ca, 'utf8')
  emulator = await EcrEmulator.start({ cert: pki.cert, key: pki.key, password: PASSWORD })
  clients = []
})

afterEach(async () => {
  for (const c of clients) c.destroy()
  await emulator.stop()
  await rm(dir, { recursive: true, force: true })
})

function handler(): NodeHttpHandler {
  return new NodeHttpHandler({ httpsAgent: new Agent({ ca }) })
}

function ecr(region = 'eu-west-1', credentials = creds(KEY_A)): ECRClient {
  const client = new ECRClient({ region, endpoint: emulator.url, credentials, requestHandler: handler() })
  clients.push(client)
  return client
}

function ecrPublic(region: string): ECRPUBLICClient {
  const client = new ECRPUBLICClient({
    region,
    endpoint: emulator.url,
    credentials: creds(KEY_A),
    requestHandler: handler()
  })
  clients.push(client)
  return client
}

function decode(token: string | undefined): string {
  return Buffer.from(token ?? '', 'base64').toString('utf8')
}

async function failure(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } }
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode }
  }
  throw new Error('expected the call to fail')
}

describe('EcrEmulator with the real SDK', () => {
  test.each([
    { key: KEY_A, account: '111111111111' },
    { key: KEY_B, account: '222222222222' }
  ])('without registryIds, $key.accessKeyId gets a token for $account', async ({ key, account }) => {
    const out = await ecr('eu-west-1', creds(key)).send(new GetAuthorizationTokenCommand({}))

    expect(out.authorizationData).toHaveLength(1)
    const [grant] = out.authorizationData ?? []
    expect(decode(grant.authorizationToken)).toBe(`AWS:${PASSWORD}`)
    expect(grant.proxyEndpoint).toBe(`https://${account}.dkr.ecr.eu-west-1.amazonaws.com`)
    const hours = ((grant.expiresAt?.getTime() ?? 0) - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(11.9)
    expect(hours).toBeLessThanOrEqual(12)
  })

  test('one grant per registryId, in the order asked', async () => {
    const ids = ['333333333333', '012345678901', '111111111111']

    const out = await ecr().send(new GetAuthorizationTokenCommand({ registryIds: ids }))

    expect(out.authorizationData?.map(d => d.proxyEndpoint)).toEqual(
      ids.map(id => `https://${id}.dkr.ecr.eu-west-1.amazonaws.com`)
    )
    expect(emulator.calls[0].registryIds).toEqual(ids)
  })

  test.each([
    ['us-west-2', 'amazonaws.com'],
    ['cn-north-1', 'amazonaws.com.cn'],
    ['eusc-de-east-1', 'amazonaws.eu']
  ])(
    'the region comes from the credential scope (%s) and picks the partition domain',
    async (region, domain) => {
      const out = await ecr(region).send(new GetAuthorizationTokenCommand({}))

      expect(out.authorizationData?.[0].proxyEndpoint).toBe(
        `https://111111111111.dkr.ecr.${region}.${domain}`
      )
      expect(emulator.calls).toEqual([
        expect.objectContaining({
          service: 'ecr',
          target: PRIVATE_TARGET,
          region,
          host: '127.0.0.1',
          accessKeyId: KEY_A.accessKeyId,
          status: 200,
          userAgent: expect.stringContaining('aws-sdk-js')
        })
      ])
    }
  )

  test.each([
    [
      'eleven ids',
      Array.from({ length: 11 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`),
      'Member must have length less than or equal to 10'
    ],
    ['an 11-digit id', ['12345678901'], 'Member must satisfy regular expression pattern: [0-9]{12}'],
    ['an empty list', [], 'Member must have length greater than or equal to 1']
  ])('%s is a ValidationException', async (_, ids, constraint) => {
    const e = await failure(ecr().send(new GetAuthorizationTokenCommand({ registryIds: ids })))

    expect(e.name).toBe('ValidationException')
    expect(e.status).toBe(400)
    expect(e.message).toContain(`1 validation error detected: Value '[${ids.join(', ')}]' at 'registryIds'`)
    expect(e.message).toContain(constraint)
    expect(emulator.calls[0]).toMatchObject({ registryIds: ids, status: 400 })
  })

  test('two throttles are retried by the SDK and the third attempt succeeds', async () => {
    emulator.faults.throttle = 2

    const out = await ecr().send(new GetAuthorizationTokenCommand({}))

    expect(out.authorizationData).toHaveLength(1)
    expect(emulator.calls.map(c => c.status)).toEqual([400, 400, 200])
    expect(emulator.faults.throttle).toBe(0)
  })

  test('persistent HTTP 500s surface as ServerException once the SDK gives up', async () => {
    emulator.faults.serverErrors = 10

    const e = await failure(ecr().send(new GetAuthorizationTokenCommand({})))

    expect(e).toMatchObject({ name: 'ServerException', status: 500 })
    expect(emulator.calls.every(c => c.status === 500)).toBe(true)
  })

  test('invalidCredentials rejects a correctly signed call as an unknown key', async () => {
    emulator.faults.invalidCredentials = true

    const e = await failure(ecr().send(new GetAuthorizationTokenCommand({})))

    expect(e).toEqual({
      name: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
      status: 403
    })
  })

  test('accessDenied names the account and the private IAM action', async () => {
    emulator.faults.accessDenied = true

    const e = await failure(ecr('eu-west-1', creds(KEY_B)).send(new GetAuthorizationTokenCommand({})))

    expect(e.name).toBe('AccessDeniedException')
    expect(e.message).toBe(
      'User: arn:aws:iam::222222222222:user/ci is not authorized to perform: ecr:GetAuthorizationToken on resource: * because no identity-based policy allows the ecr:GetAuthorizationToken action'
    )
  })

  test('faults limited to other regions leave this region alone', async () => {
    emulator.faults = { ...emulator.faults, accessDenied: true, regions: ['us-east-1'] }

    const ok = await ecr('eu-west-1').send(new GetAuthorizationTokenCommand({}))
    const denied = await failure(ecr('us-east-1').send(new GetAuthorizationTokenCommand({})))

    expect(ok.authorizationData).toHaveLength(1)
    expect(denied.name).toBe('AccessDeniedException')
  })

  test('latency delays the answer', async () => {
    emulator.faults.latencyMs = 300
    const started = Date.now()

    await ecr().send(new GetAuthorizationTokenCommand({}))

    expect(Date.now() - started).toBeGreaterThanOrEqual(290)
  })

  test('a wrong secret fails signature verification', async () => {
    const wrong = { accessKeyId: KEY_A.accessKeyId, secretAccessKey: KEY_B.secretAccessKey }

    const e = await failure(ecr('eu-west-1', wrong).send(new GetAuthorizationTokenCommand({})))

    expect(e.name).toBe('InvalidSignatureException')
    expect(e.message).toMatch(
      /^The request signature we calculated does not match the signature you provided/
    )
    expect(e.status).toBe(403)
  })

  test('an unknown access key is UnrecognizedClientException', async () => {
    const unknown = { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: KEY_A.secretAccessKey }

    const e = await failure(ecr('eu-west-1', unknown).send(new GetAuthorizationTokenCommand({})))

    expect(e.name).toBe('UnrecognizedClientException')
    expect(emulator.calls[0]).toMatchObject({ accessKeyId: 'AKIAUNKNOWNKEY000000', status: 403 })
  })

  test('session tokens are accepted', async () => {
    const temporary = { ...creds(KEY_A), sessionToken: 'FwoGZXIvYXdzEXAMPLESESSIONTOKEN' }

    const out = await ecr('eu-west-1', temporary).send(new GetAuthorizationTokenCommand({}))

    expect(out.authorizationData).toHaveLength(1)
  })

  test('ECR Public in us-east-1 gets a token without a proxy endpoint', async () => {
    const out = await ecrPublic('us-east-1').send(new GetPublicToken({}))

    expect(decode(out.authorizationData?.authorizationToken)).toBe(`AWS:${PASSWORD}`)
    expect(out.authorizationData?.expiresAt).toBeInstanceOf(Date)
    expect(emulator.calls[0]).toMatchObject({ service: 'ecr-public', region: 'us-east-1', status: 200 })
  })

  test('ECR Public outside us-east-1 is refused', async () => {
    const e = await failure(ecrPublic('eu-west-1').send(new GetPublicToken({})))

    expect(e.status).toBe(400)
    expect(e.message).toContain("not 'eu-west-1'")
    expect(e.message).toContain('us-east-1')
  })

  test('accessDenied on ECR Public names the ecr-public IAM action', async () => {
    emulator.faults.accessDenied = true

    const e = await failure(ecrPublic('us-east-1').send(new GetPublicToken({})))

    expect(e.message).toContain('not authorized to perform: ecr-public:GetAuthorizationToken')
  })
})

describe('EcrEmulator with raw requests', () => {
  function post(
    headers: Record<string, string>,
    body = '{}',
    path = '/'
  ): Promise<{ status: number; json: unknown }> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, emulator.url), { method: 'POST', headers, ca }, res => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString()) })
        )
      })
      req.on('error', reject)
      req.end(body)
    })
  }

  test('an unknown target is UnknownOperationException', async () => {
    const res = await post({
      'content-type': 'application/x-amz-json-1.1',
      'x-amz-target': 'AmazonEC2ContainerRegistry_V20150921.DescribeImages'
    })

    expect(res).toEqual({
      status: 400,
      json: expect.objectContaining({ __type: 'UnknownOperationException' })
    })
  })

  test('an unsigned request is refused', async () => {
    const res = await post({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': PRIVATE_TARGET })

    expect(res).toEqual({
      status: 403,
      json: { __type: 'MissingAuthenticationTokenException', message: 'Missing Authentication Token' }
    })
    expect(emulator.calls[0]).toMatchObject({ status: 403, target: PRIVATE_TARGET })
  })

  async function sign(opts: { service?: string; query?: Record<string, string>; body?: string } = {}) {
    const { SignatureV4 } = await import('@smithy/signature-v4')
    const { Sha256 } = await import('@smithy/core/checksum')
    const url = new URL(emulator.url)
    const signer = new SignatureV4({
      service: opts.service ?? 'ecr',
      region: 'us-east-1',
      credentials: creds(KEY_A),
      sha256: Sha256
    })
    return signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: opts.query,
      headers: {
        host: url.host,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': PRIVATE_TARGET
      },
      body: opts.body ?? '{}'
    })
  }

  test("a request signed by smithy's SigV4 signer, with a query string, is accepted", async () => {
    const query = { b: '2', a: 'x y/z', 'c*': "it's" }
    const signed = await sign({ query })
    const search = new URLSearchParams(query).toString().replace(/\+/g, '%20')

    const res = await post(signed.headers, '{}', `/?${search}`)

    expect(res.status).toBe(200)
  })

  test('a body changed after signing is refused', async () => {
    const signed = await sign({ body: '{}' })

    const res = await post(signed.headers, '{"registryIds":["333333333333"]}')

    expect(res).toMatchObject({ status: 403, json: { __type: 'InvalidSignatureException' } })
  })

  test('a signature scoped to the wrong service is refused', async () => {
    const signed = await sign({ service: 'ecr-public' })

    const res = await post(signed.headers)

    expect(res.status).toBe(403)
    expect(res.json).toMatchObject({
      __type: 'InvalidSignatureException',
      message: expect.stringContaining("Credential should be scoped to correct service: 'ecr'")
    })
  })
})

describe('STS', () => {
  const ROLE = 'arn:aws:iam::333333333333:role/ecr-push'
  const sts = async (credentials = creds(KEY_A)) => {
    const { STSClient } = await import('@aws-sdk/client-sts')
    const client = new STSClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials,
      requestHandler: handler()
    })
    clients.push(client)
    return client
  }

  test('AssumeRole issues temporary keys for the role’s account that ECR takes only with their session token', async () => {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
    const out = await (await sts()).send(new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'unit' }))
    const c = out.Credentials!
    expect(out.AssumedRoleUser?.Arn).toBe('arn:aws:sts::333333333333:assumed-role/ecr-push/unit')
    expect(emulator.stsCalls).toEqual([
      expect.objectContaining({
        action: 'AssumeRole',
        roleArn: ROLE,
        accessKeyId: KEY_A.accessKeyId,
        status: 200
      })
    ])
    const session = {
      accessKeyId: c.AccessKeyId!,
      secretAccessKey: c.SecretAccessKey!,
      sessionToken: c.SessionToken!
    }
    const got = await ecr('us-east-1', session).send(new GetAuthorizationTokenCommand({}))
    expect(got.authorizationData?.[0].proxyEndpoint).toBe(
      'https://333333333333.dkr.ecr.us-east-1.amazonaws.com'
    )
    const { sessionToken: _dropped, ...withoutToken } = session
    await expect(
      ecr('us-east-1', withoutToken).send(new GetAuthorizationTokenCommand({}))
    ).rejects.toMatchObject({
      name: 'UnrecognizedClientException'
    })
  })

  test('AssumeRole signed with a wrong secret is refused, and a denied role names the caller', async () => {
    const { AssumeRoleCommand } = await import('@aws-sdk/client-sts')
    await expect(
      (await sts({ ...creds(KEY_A), secretAccessKey: 'wrong' })).send(
        new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'unit' })
      )
    ).rejects.toMatchObject({ name: 'InvalidSignatureException' })
    await expect(
      (await sts()).send(
        new AssumeRoleCommand({ RoleArn: 'arn:aws:iam::333333333333:role/denied-x', RoleSessionName: 'unit' })
      )
    ).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('User: arn:aws:iam::111111111111:user/ci is not authorized')
    })
  })

  test('AssumeRoleWithWebIdentity takes only tokens its check accepts', async () => {
    const { AssumeRoleWithWebIdentityCommand } = await import('@aws-sdk/client-sts')
    emulator.webIdentity = token => (token === 'good' ? 'repo:o/r:ref:refs/heads/main' : undefined)
    const client = await sts()
    const out = await client.send(
      new AssumeRoleWithWebIdentityCommand({
        RoleArn: ROLE,
        RoleSessionName: 'oidc',
        WebIdentityToken: 'good'
      })
    )
    expect(out.Credentials?.SessionToken).toBeTruthy()
    await expect(
      client.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: ROLE,
          RoleSessionName: 'oidc',
          WebIdentityToken: 'bad'
        })
      )
    ).rejects.toMatchObject({ name: 'InvalidIdentityTokenException' })
    expect(emulator.stsCalls.map(c => [c.subject, c.status])).toEqual([
      ['repo:o/r:ref:refs/heads/main', 200],
      [undefined, 400]
    ])
  })
})

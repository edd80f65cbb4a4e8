// The bundled action, run as the Actions runner runs it, against a real dockerd and registry and
// the project's ECR API emulator, all inside the e2e world (see __tests__/support/world.ts).
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import * as tls from 'node:tls'
import {
  docker,
  fakeDocker,
  importImage,
  readDockerCalls,
  runJob,
  runStep,
  undoState
} from '../support/action-runner.js'
import { EcrEmulator } from '../support/ecr-emulator.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { DOWN_ACCOUNT, PROXY_PORT, registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const DEFAULT_HOST = registryHost('111111111111', 'us-east-1')
const PASSWORD_B64 = Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64')
const awsEnv = (extra: Record<string, string | undefined> = {}) => actionEnv(ctx, extra)
const readConfig = () => readDockerConfig(ctx)

async function push(host: string, repo = 'e2e/app'): Promise<{ code: number; stderr: string }> {
  const tag = `${host}/${repo}:${Date.now()}${Math.floor(Math.random() * 1000)}`
  await importImage(tag)
  return docker(['push', tag], { configDir: ctx.configDir })
}

describe('login and logout', () => {
  test('the default registry: a real docker push works after main and fails again after post', async () => {
    const { main, post } = await runJob({
      env: awsEnv(),
      between: async () => {
        expect((await push(DEFAULT_HOST)).code).toBe(0)
      }
    })
    expect(main.code).toBe(0)
    expect(main.stdout).toMatch(
      new RegExp(
        `::group::Logging into 1 registry\n${DEFAULT_HOST.replace(/\./g, '\\.')} \\(us-east-1\\): logged in`
      )
    )
    expect(main.outputs.registry).toBe(DEFAULT_HOST)
    expect(main.outputs.registries).toBe(DEFAULT_HOST)
    expect(main.outputs['docker_username_111111111111_dkr_ecr_us_east_1_amazonaws_com']).toBe('AWS')
    expect(main.outputs['docker_password_111111111111_dkr_ecr_us_east_1_amazonaws_com']).toBe(WORLD_PASSWORD)
    expect(Date.parse(main.outputs['expires-at'])).toBeGreaterThan(Date.now() + 11 * 3600_000)
    expect(main.state.registries).toBe(DEFAULT_HOST)
    expect(ctx.emulator.calls.map(c => [c.service, c.region, c.registryIds ?? []])).toEqual([
      ['ecr', 'us-east-1', []]
    ])

    expect(post.code).toBe(0)
    expect(post.stdout).toContain(
      `::group::Logging out of 1 registry\n${DEFAULT_HOST}: logged out with docker\n::endgroup::`
    )
    expect((await readConfig()).auths).toEqual({})
    const after = await push(DEFAULT_HOST)
    expect(after.code).not.toBe(0)
    expect(after.stderr).toMatch(/no basic auth credentials|unauthorized|authentication required/)
  })

  test('the log has one group per phase and the job summary names hosts, regions and expiry, never a secret', async () => {
    const east = registryHost('111111111111', 'us-east-1')
    const west = registryHost('222222222222', 'eu-west-1')
    // mask-password: false puts the password in the outputs; it must still stay out of the summary.
    const { main, post } = await runJob({
      inputs: { registries: `111111111111, ${west}`, 'mask-password': 'false' },
      env: awsEnv()
    })
    expect(main.code).toBe(0)
    const groups = [...main.stdout.matchAll(/^::group::(.*)$/gm)].map(m => m[1])
    expect(groups).toEqual([
      'Fetching authorization tokens: 2 regions, 2 registries',
      'Logging into 2 registries'
    ])
    expect(main.stdout).toMatch(new RegExp(`^${west.replace(/\./g, '\\.')} \\(eu-west-1\\): logged in`, 'm'))
    const expiry = main.outputs['expires-at']
    expect(main.summary).toContain('<h3>ECR login</h3>')
    for (const cell of [east, west, 'us-east-1', 'eu-west-1', 'docker', expiry]) {
      expect(main.summary).toContain(`<td>${cell}</td>`)
    }
    const base64 = Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64')
    for (const text of [main.summary, post.summary]) {
      expect(text).not.toContain(WORLD_PASSWORD.slice(0, 16))
      expect(text).not.toContain(base64.slice(0, 16))
    }
    expect(post.stdout).toMatch(/^::group::Logging out of 2 registries$/m)
    expect(post.summary).toContain(`Post step: logged out of ${east}, ${west}.`)
    // No noise on stderr: nothing there that the user did not ask for (node 24, as on the runner).
    expect(main.stderr).toBe('')
    expect(post.stderr).toBe('')
  })

  test('two accounts are logged in with one API call and both can be pushed to', async () => {
    const hosts = ['111111111111', '222222222222'].map(a => registryHost(a, 'us-east-1'))
    const main = await runStep('main', {
      inputs: { registries: '111111111111, 222222222222' },
      env: awsEnv()
    })
    expect(main.code).toBe(0)
    expect(ctx.emulator.calls.map(c => c.registryIds)).toEqual([['111111111111', '222222222222']])
    expect(main.outputs.registry).toBeUndefined()
    expect(main.outputs.registries).toBe(hosts.join(','))
    for (const host of hosts) expect((await push(host)).code).toBe(0)
    expect(Object.keys((await readConfig()).auths ?? {}).sort()).toEqual([...hosts].sort())
  })

  test('eleven accounts take two API calls (10 + 1) and all eleven logins land in config.json', async () => {
    const accounts = Array.from({ length: 11 }, (_, i) => `1000000000${String(i + 1).padStart(2, '0')}`)
    const { main, post } = await runJob({ inputs: { registries: accounts.join(',') }, env: awsEnv() })
    expect(main.code).toBe(0)
    expect(ctx.emulator.calls.map(c => c.registryIds?.length).sort()).toEqual([1, 10])
    const hosts = accounts.map(a => registryHost(a, 'us-east-1'))
    expect(main.outputs.registries).toBe(hosts.join(','))
    for (const host of hosts)
      expect(main.outputs[`docker_password_${host.replace(/[^a-zA-Z0-9_]+/g, '_')}`]).toBe(WORLD_PASSWORD)
    expect(main.state.registries.split(',')).toEqual(hosts)
    expect(post.code).toBe(0)
    expect((await readConfig()).auths).toEqual({})
  })

  test('ECR Public is called in us-east-1 whatever AWS_REGION says', async () => {
    const main = await runStep('main', {
      inputs: { 'registry-type': 'Public' },
      env: awsEnv({ AWS_REGION: 'eu-west-1' })
    })
    expect(main.code).toBe(0)
    expect(ctx.emulator.calls.map(c => [c.service, c.region])).toEqual([['ecr-public', 'us-east-1']])
    expect(main.outputs.registry).toBe('public.ecr.aws')
    expect(main.outputs.docker_username_public_ecr_aws).toBe('AWS')
    expect((await push('public.ecr.aws', 'e2e/public')).code).toBe(0)
  })
})

describe('masking and secrets', () => {
  test('the password is masked before any output carries it, and appears nowhere else (RUNNER_DEBUG=1)', async () => {
    const shims = join(ctx.dir, 'shims')
    await fs.mkdir(shims)
    await fakeDocker(shims)
    const { main, post } = await runJob({
      inputs: { registries: '111111111111,222222222222' },
      env: awsEnv({ RUNNER_DEBUG: '1', PATH: `${shims}:${process.env.PATH}` })
    })
    expect(main.code).toBe(0)
    expect(post.code).toBe(0)
    expect(main.masks).toContain(WORLD_PASSWORD)
    const firstMask = main.stdout.indexOf(`::add-mask::${WORLD_PASSWORD}`)
    expect(firstMask).toBeGreaterThanOrEqual(0)
    for (const step of [main, post]) {
      const printed = step.stdout
        .split('\n')
        .filter(line => !line.startsWith('::add-mask::'))
        .join('\n')
      for (const secret of [WORLD_PASSWORD, PASSWORD_B64]) {
        expect(printed).not.toContain(secret)
        expect(step.stderr).not.toContain(secret)
      }
    }
    const calls = await readDockerCalls(shims)
    expect(calls.filter(c => c.argv[0] === 'login')).toHaveLength(2)
    for (const call of calls) expect(call.argv.join(' ')).not.toContain(WORLD_PASSWORD)
    for (const call of calls.filter(c => c.argv[0] === 'login')) {
      expect(call.argv).toEqual(['login', '--username', 'AWS', '--password-stdin', '--', expect.any(String)])
      expect(call.stdin).toBe(WORLD_PASSWORD)
    }
  })

  test('mask-password: false prints the warning and masks nothing', async () => {
    const main = await runStep('main', { inputs: { 'mask-password': 'FALSE' }, env: awsEnv() })
    expect(main.code).toBe(0)
    expect(main.masks).toEqual([])
    expect(main.warnings.join('\n')).toContain('Your docker password is not masked')
    expect(main.outputs['docker_password_111111111111_dkr_ecr_us_east_1_amazonaws_com']).toBe(WORLD_PASSWORD)
  })
})

describe('bad input fails before any network or docker call', () => {
  test.each([
    [
      { registries: '12345678901' },
      /'registries': '12345678901' is not a 12-digit AWS account ID.*quote it, e\.g\. '012345678901'/s
    ],
    [
      { registries: 'ghcr.io' },
      /'registries': 'ghcr.io' is neither a 12-digit AWS account ID nor an ECR registry host/
    ],
    [{ registries: `111111111111.dkr.ecr.us-east-1.amazonaws.com.evil.example` }, /is neither a 12-digit/],
    [
      { 'registry-type': 'internal' },
      /Invalid input for 'registry-type', possible options are \[private, public\]/
    ],
    [{ 'mask-password': 'yes' }, /'mask-password': 'yes' is not a boolean; use true or false/],
    [{ 'skip-logout': '1' }, /'skip-logout': '1' is not a boolean/],
    [{ 'http-proxy': 'socks5://proxy:1080' }, /'http-proxy': 'socks5:\/\/proxy:1080' is not an http\(s\) URL/]
  ])('%j', async (inputs, message) => {
    const shims = join(ctx.dir, 'shims')
    await fs.mkdir(shims)
    await fakeDocker(shims)
    const main = await runStep('main', { inputs, env: awsEnv({ PATH: `${shims}:${process.env.PATH}` }) })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toMatch(message)
    expect(ctx.emulator.calls).toEqual([])
    expect(await readDockerCalls(shims)).toEqual([])
    expect(undoState(main.state)).toEqual({})
  })
})

describe('proxies', () => {
  const port = (): string => new URL(ctx.emulator.url).port

  async function connectsTo(target: string): Promise<boolean> {
    const log = await fs.readFile(ctx.world.proxyLog, 'utf8').catch(() => '')
    return (
      log.includes(`CONNECT ${target}`) || (log.includes(`Connect (file descriptor`) && log.includes(target))
    )
  }

  test('the http-proxy input carries the API call through a real proxy (tinyproxy logs the CONNECT)', async () => {
    const marker = `127.0.0.1:${port()}`
    await fs.truncate(ctx.world.proxyLog).catch(() => undefined)
    const main = await runStep('main', { inputs: { 'http-proxy': ctx.world.proxyUrl }, env: awsEnv() })
    expect(main.code).toBe(0)
    expect(main.stdout).toContain(`Using proxy ${ctx.world.proxyUrl}`)
    expect(await connectsTo(marker)).toBe(true)
  })

  test('HTTPS_PROXY is used, and NO_PROXY bypasses it', async () => {
    const marker = `127.0.0.1:${port()}`
    await fs.truncate(ctx.world.proxyLog).catch(() => undefined)
    const viaEnv = await runStep('main', { env: awsEnv({ HTTPS_PROXY: ctx.world.proxyUrl }) })
    expect(viaEnv.code).toBe(0)
    expect(await connectsTo(marker)).toBe(true)

    await fs.truncate(ctx.world.proxyLog)
    const bypass = await runStep('main', {
      env: awsEnv({ HTTPS_PROXY: ctx.world.proxyUrl, NO_PROXY: 'localhost,127.0.0.1' })
    })
    expect(bypass.code).toBe(0)
    expect(await connectsTo(marker)).toBe(false)
    expect(ctx.emulator.calls).toHaveLength(2)
  })

  test('a dead proxy fails the step naming the proxy without its password', async () => {
    const main = await runStep('main', {
      inputs: { 'http-proxy': `http://user:s3cret@127.0.0.1:${PROXY_PORT + 1}` },
      env: awsEnv()
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain('through proxy http://user:***@127.0.0.1:')
    expect(main.stdout + main.stderr).not.toContain('s3cret')
    expect(ctx.emulator.calls).toEqual([])
  })
})

describe('API failures', () => {
  test('throttled twice, then the SDK retry succeeds', async () => {
    ctx.emulator.faults.throttle = 2
    const main = await runStep('main', { env: awsEnv() })
    expect(main.code).toBe(0)
    expect(ctx.emulator.calls.map(c => c.status)).toEqual([400, 400, 200])
  })

  test('invalid credentials fail with a hint and leave nothing in config.json', async () => {
    ctx.emulator.faults.invalidCredentials = true
    const main = await runStep('main', { env: awsEnv() })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toMatch(/AWS rejected the credentials .*UnrecognizedClientException/)
    await expect(fs.access(join(ctx.configDir, 'config.json'))).rejects.toThrow()
    expect(undoState(main.state)).toEqual({})
  })

  test('access denied names the IAM action', async () => {
    ctx.emulator.faults.accessDenied = true
    const main = await runStep('main', { env: awsEnv() })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain('ecr:GetAuthorizationToken')
  })

  test('no region for a private login says how to set one', async () => {
    const main = await runStep('main', {
      env: awsEnv({ AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined })
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toMatch(/No AWS region is set.*AWS_REGION/s)
  })

  test('no AWS credentials points to configure-aws-credentials', async () => {
    const main = await runStep('main', {
      env: awsEnv({
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_CONFIG_FILE: join(ctx.dir, 'none'),
        AWS_SHARED_CREDENTIALS_FILE: join(ctx.dir, 'none')
      })
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toMatch(/No AWS credentials.*configure-aws-credentials/s)
  })
})

describe('docker failures and state', () => {
  test('a registry down halfway: the first login is kept in state and post logs out of it', async () => {
    const up = registryHost('111111111111', 'us-east-1')
    const down = registryHost(DOWN_ACCOUNT, 'us-east-1')
    const { main, post } = await runJob({
      inputs: { registries: `111111111111,${DOWN_ACCOUNT}` },
      env: awsEnv()
    })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain(`Could not login to registry ${down}:`)
    expect(main.state.registries).toBe(up)
    expect(main.outputs.registries).toBe(up)
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`${up}: logged out`)
    expect(post.stdout).not.toContain(down)
    expect((await readConfig()).auths).toEqual({})
  })

  test('skip-logout saves nothing to undo and post leaves the login in place', async () => {
    const { main, post } = await runJob({ inputs: { 'skip-logout': 'true' }, env: awsEnv() })
    expect(main.code).toBe(0)
    expect(undoState(main.state)).toEqual({})
    expect(post.code).toBe(0)
    expect(Object.keys((await readConfig()).auths ?? {})).toEqual([DEFAULT_HOST])
  })

  test('no docker on PATH fails before any API call with a clear message, and post does not crash', async () => {
    const { main, post } = await runJob({ env: awsEnv({ PATH: join(ctx.dir, 'empty-bin') }) })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain(
      `None of docker, podman, buildah, skopeo was found on PATH (${join(ctx.dir, 'empty-bin')})`
    )
    expect(ctx.emulator.calls).toEqual([])
    expect(post.code).toBe(0)
  })

  test('a registry that rejects the token fails naming the registry, without the password', async () => {
    const wrong = await EcrEmulator.start({
      cert: ctx.world.cert,
      key: ctx.world.key,
      password: 'not:the-registry-password'
    })
    try {
      const main = await runStep('main', {
        env: awsEnv({ AWS_ENDPOINT_URL_ECR: wrong.url })
      })
      expect(main.code).toBe(1)
      const errors = main.errors.join('\n')
      expect(errors).toContain(`Could not login to registry ${DEFAULT_HOST}:`)
      expect(errors).toContain('The registry rejected the ECR token')
      expect(
        main.stdout
          .split('\n')
          .filter(l => !l.startsWith('::add-mask::'))
          .join('\n')
      ).not.toContain('not:the-registry-password')
      expect(undoState(main.state)).toEqual({})
    } finally {
      await wrong.stop()
    }
  })

  test('post with docker gone reports each host and fails with the reference wording', async () => {
    await fs.mkdir(ctx.configDir, { recursive: true })
    const post = await runStep('post', {
      state: { registries: DEFAULT_HOST },
      env: awsEnv({ PATH: join(ctx.dir, 'empty-bin') })
    })
    expect(post.code).toBe(1)
    expect(post.errors.join('\n')).toContain(`Failed to logout: ${DEFAULT_HOST}`)
  })

  test('everything else in config.json survives login and logout', async () => {
    await fs.mkdir(ctx.configDir, { recursive: true })
    const before = {
      auths: { 'ghcr.io': { auth: Buffer.from('me:token').toString('base64') } },
      credHelpers: { 'gcr.io': 'gcloud' },
      experimental: 'enabled',
      psFormat: 'table {{.ID}}'
    }
    await fs.writeFile(join(ctx.configDir, 'config.json'), JSON.stringify(before, null, '\t'), {
      mode: 0o600
    })
    const { main, post } = await runJob({
      env: awsEnv(),
      between: async () => {
        const during = await readConfig()
        expect(during).toEqual({
          ...before,
          auths: { ...before.auths, [DEFAULT_HOST]: { auth: PASSWORD_B64 } }
        })
      }
    })
    expect(main.code).toBe(0)
    expect(post.code).toBe(0)
    expect(await readConfig()).toEqual(before)
    expect((await fs.stat(join(ctx.configDir, 'config.json'))).mode & 0o777).toBe(0o600)
  })
})

describe('trust', () => {
  test('AWS_CA_BUNDLE alone is trusted', async () => {
    const main = await runStep('main', {
      env: awsEnv({ AWS_CA_BUNDLE: ctx.world.ca, NODE_EXTRA_CA_CERTS: undefined })
    })
    expect(main.errors).toEqual([])
    expect(main.code).toBe(0)
  })

  test('AWS_CA_BUNDLE adds to NODE_EXTRA_CA_CERTS instead of replacing it', async () => {
    // A runner image that points AWS_CA_BUNDLE at the public roots, while the API's CA comes
    // through NODE_EXTRA_CA_CERTS.
    const roots = join(ctx.dir, 'roots.pem')
    await fs.writeFile(roots, tls.rootCertificates.join('\n'))
    const main = await runStep('main', { env: awsEnv({ AWS_CA_BUNDLE: roots }) })
    expect(main.errors).toEqual([])
    expect(main.code).toBe(0)
  })

  test('an unreadable AWS_CA_BUNDLE is named before any API call', async () => {
    const main = await runStep('main', { env: awsEnv({ AWS_CA_BUNDLE: join(ctx.dir, 'missing.pem') }) })
    expect(main.code).toBe(1)
    expect(main.errors.join('\n')).toContain(
      `AWS_CA_BUNDLE names '${join(ctx.dir, 'missing.pem')}', which cannot be read`
    )
    expect(ctx.emulator.calls).toEqual([])
  })
})

// Hostnames, cross-region, FIPS and ECR Public in one step. No endpoint override here: the SDK
// resolves the real API host names (api.ecr.<region>.amazonaws.com, ecr-fips..., api.ecr-public...),
// which the world's hosts file points at the emulator on API_IP:443, so the emulator sees the
// endpoint, SigV4 region and service of every call.
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { docker, importImage, runJob } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { API_IP, registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext({ host: API_IP, port: 443 })
const env = (extra: Record<string, string | undefined> = {}) => actionEnv(ctx, extra, { endpoints: false })

test('an ID, two regions, a FIPS host and public.ecr.aws in one step; then a push to each', async () => {
  const west = registryHost('222222222222', 'eu-west-1')
  const west2 = `https://${registryHost('333333333333', 'eu-west-1')}`
  const fips = registryHost('333333333333', 'us-east-1', 'fips')
  const dual = registryHost('222222222222', 'eu-west-1', 'dual-stack')
  const inputs = { registries: `111111111111\n${west}, ${west2}\n${fips} ${dual}, public.ecr.aws` }
  const { main, post } = await runJob({
    inputs,
    env: env(),
    between: async () => {
      for (const host of [registryHost('111111111111', 'us-east-1'), west, fips, dual, 'public.ecr.aws']) {
        const tag = `${host}/e2e/mixed:${Date.now()}`
        await importImage(tag)
        expect(await docker(['push', tag], { configDir: join(ctx.dir, 'docker') })).toMatchObject({ code: 0 })
      }
    }
  })
  expect(main.code).toBe(0)
  const hosts = [
    registryHost('111111111111', 'us-east-1'),
    west,
    registryHost('333333333333', 'eu-west-1'),
    fips,
    dual,
    'public.ecr.aws'
  ]
  expect(main.outputs.registries).toBe(hosts.join(','))
  for (const host of hosts)
    expect(main.outputs[`docker_password_${host.replace(/[^a-zA-Z0-9_]+/g, '_')}`]).toBe(WORLD_PASSWORD)

  // One call per (region, FIPS) group: us-east-1, eu-west-1 (two accounts + the dual-stack host
  // of one of them), us-east-1 FIPS, and ECR Public.
  const calls = ctx.emulator.calls.map(c => ({
    service: c.service,
    region: c.region,
    host: c.host,
    ids: c.registryIds ?? []
  }))
  expect(calls).toHaveLength(4)
  expect(calls).toEqual(
    expect.arrayContaining([
      { service: 'ecr', region: 'us-east-1', host: 'api.ecr.us-east-1.amazonaws.com', ids: ['111111111111'] },
      {
        service: 'ecr',
        region: 'eu-west-1',
        host: 'api.ecr.eu-west-1.amazonaws.com',
        ids: ['222222222222', '333333333333']
      },
      {
        service: 'ecr',
        region: 'us-east-1',
        host: expect.stringMatching(/^(api\.)?ecr-fips\.us-east-1\.amazonaws\.com$/),
        ids: ['333333333333']
      },
      { service: 'ecr-public', region: 'us-east-1', host: 'api.ecr-public.us-east-1.amazonaws.com', ids: [] }
    ])
  )
  expect(post.code).toBe(0)
  for (const host of hosts) expect(post.stdout).toContain(`${host}: logged out`)
  const config = JSON.parse(await fs.readFile(join(ctx.dir, 'docker', 'config.json'), 'utf8'))
  expect(config.auths).toEqual({})
})

test('a region that denies access is named, and the other regions still log in', async () => {
  ctx.emulator.faults.accessDenied = true
  ctx.emulator.faults.regions = ['eu-west-1']
  const west = registryHost('222222222222', 'eu-west-1')
  const east = registryHost('111111111111', 'us-east-1')
  const { main, post } = await runJob({ inputs: { registries: `${east},${west}` }, env: env() })
  expect(main.code).toBe(1)
  expect(main.errors.join('\n')).toMatch(
    new RegExp(`Access denied .* for ${west.replace(/\./g, '\\.')} in eu-west-1`)
  )
  expect(main.errors.join('\n')).toContain('ecr:GetAuthorizationToken')
  expect(main.stdout).toContain(`${east} (us-east-1): logged in`)
  expect(main.state.registries).toBe(east)
  expect(post.code).toBe(0)
})

test('China and EU sovereign cloud hosts call their own partitions', async () => {
  const cn = registryHost('111111111111', 'cn-north-1')
  const eu = registryHost('222222222222', 'eusc-de-east-1')
  const { main } = await runJob({ inputs: { registries: `${cn},${eu}` }, env: env() })
  expect(main.code).toBe(0)
  expect(ctx.emulator.calls.map(c => [c.region, c.host]).sort()).toEqual([
    ['cn-north-1', 'api.ecr.cn-north-1.amazonaws.com.cn'],
    ['eusc-de-east-1', 'api.ecr.eusc-de-east-1.amazonaws.eu']
  ])
})

test('an account ID and a host in AWS_REGION share one API call', async () => {
  const host = registryHost('222222222222', 'us-east-1')
  const { main } = await runJob({ inputs: { registries: `111111111111 ${host}` }, env: env() })
  expect(main.code).toBe(0)
  expect(ctx.emulator.calls.map(c => [c.region, c.registryIds])).toEqual([
    ['us-east-1', ['111111111111', '222222222222']]
  ])
  expect(main.outputs.registries).toBe(`${registryHost('111111111111', 'us-east-1')},${host}`)
})

// credential-helper: true — no docker login, no password on disk: dockerd's pushes and pulls get
// their credentials from our docker-credential-ecr-login, run by the docker CLI from PATH.
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { docker, importImage, runJob } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()

test('push and pull through dockerd use the helper, and post leaves config.json exactly as before', async () => {
  const configDir = ctx.configDir
  await fs.mkdir(configDir)
  const before = {
    auths: { 'ghcr.io': { auth: Buffer.from('me:token').toString('base64') } },
    credHelpers: { 'gcr.io': 'gcloud', [registryHost('222222222222', 'us-east-1')]: 'desktop' },
    experimental: 'enabled'
  }
  const beforeText = JSON.stringify(before, null, '\t')
  await fs.writeFile(join(configDir, 'config.json'), beforeText, { mode: 0o600 })
  const env = actionEnv(ctx, { AWS_ECR_CACHE_DIR: join(ctx.dir, 'ecr-cache') })
  const hosts = [registryHost('111111111111', 'us-east-1'), registryHost('222222222222', 'us-east-1')]

  const { main, post } = await runJob({
    inputs: { registries: '111111111111 222222222222', 'credential-helper': 'true' },
    env,
    between: async main => {
      const during = JSON.parse(await fs.readFile(join(configDir, 'config.json'), 'utf8'))
      expect(during.auths).toEqual(before.auths)
      expect(during.credHelpers).toEqual({
        'gcr.io': 'gcloud',
        [hosts[0]]: 'ecr-login',
        [hosts[1]]: 'ecr-login'
      })
      expect(JSON.stringify(during)).not.toContain(Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64'))

      // Later steps see the launcher through GITHUB_PATH, as the runner prepends it to PATH.
      const stepEnv = { ...env, PATH: [...main.path, process.env.PATH].join(delimiter) }
      const callsBefore = ctx.emulator.calls.length
      for (const host of hosts) {
        const tag = `${host}/e2e/helper:${Date.now()}`
        await importImage(tag)
        const pushed = await docker(['push', tag], { configDir, env: stepEnv })
        expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
        await docker(['rmi', tag], { configDir })
        const pulled = await docker(['pull', tag], { configDir, env: stepEnv })
        expect({ code: pulled.code, stderr: pulled.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
      }
      // The action primed the helper's cache: no API call after main's own.
      expect(ctx.emulator.calls.length).toBe(callsBefore)
    }
  })
  expect(main.code).toBe(0)
  expect(main.stdout).not.toContain('Logging into')
  expect(main.outputs.registries).toBe(hosts.join(','))
  expect(main.path).toHaveLength(1)
  expect(post.code).toBe(0)
  expect(await fs.readFile(join(configDir, 'config.json'), 'utf8')).toBe(beforeText)
})

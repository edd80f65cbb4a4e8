// credential-helper: true — no docker login, no password on disk: dockerd's pushes and pulls get
// their credentials from our docker-credential-ecr-login, run by the docker CLI from PATH.
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { docker, importImage, runJob } from '../support/action-runner.js'
import { EcrEmulator, EMULATOR_KEYS } from '../support/ecr-emulator.js'
import { registryHost, WORLD_PASSWORD, worldFromEnv } from '../support/world.js'

const world = worldFromEnv()
const [KEY] = EMULATOR_KEYS
let emulator: EcrEmulator
let dir: string

beforeAll(async () => {
  emulator = await EcrEmulator.start({ cert: world.cert, key: world.key, password: world.password })
})
afterAll(async () => {
  await emulator.stop()
})
beforeEach(async () => {
  emulator.reset()
  dir = await fs.mkdtemp(join(tmpdir(), 'ecr-e2e-helper-'))
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

test('push and pull through dockerd use the helper, and post leaves config.json exactly as before', async () => {
  const configDir = join(dir, 'docker')
  await fs.mkdir(configDir)
  const before = {
    auths: { 'ghcr.io': { auth: Buffer.from('me:token').toString('base64') } },
    credHelpers: { 'gcr.io': 'gcloud', [registryHost('222222222222', 'us-east-1')]: 'desktop' },
    experimental: 'enabled'
  }
  const beforeText = JSON.stringify(before, null, '\t')
  await fs.writeFile(join(configDir, 'config.json'), beforeText, { mode: 0o600 })
  const env = {
    AWS_ACCESS_KEY_ID: KEY.accessKeyId,
    AWS_SECRET_ACCESS_KEY: KEY.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: emulator.url,
    NODE_EXTRA_CA_CERTS: world.ca,
    AWS_ECR_CACHE_DIR: join(dir, 'ecr-cache'),
    DOCKER_CONFIG: configDir,
    // The runner keeps RUNNER_TEMP for the whole job; the launcher lives there.
    RUNNER_TEMP: join(dir, 'runner-temp')
  }
  await fs.mkdir(env.RUNNER_TEMP)
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
      const callsBefore = emulator.calls.length
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
      expect(emulator.calls.length).toBe(callsBefore)
    }
  })
  expect(main.code).toBe(0)
  expect(main.stdout).not.toContain('Logging into registry')
  expect(main.outputs.registries).toBe(hosts.join(','))
  expect(main.path).toHaveLength(1)
  expect(post.code).toBe(0)
  expect(await fs.readFile(join(configDir, 'config.json'), 'utf8')).toBe(beforeText)
})

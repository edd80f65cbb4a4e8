import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EcrEmulator, EMULATOR_KEYS, type EmulatorOptions } from './ecr-emulator.js'
import { worldFromEnv, type WorldInfo } from './world.js'

/** What an e2e test file shares: the world, one emulator per file, and a fresh temp dir per test. */
export interface E2eContext {
  world: WorldInfo
  emulator: EcrEmulator
  /** Removed after each test. */
  dir: string
  /** `dir/docker`, the DOCKER_CONFIG of `actionEnv`. */
  configDir: string
}

/**
 * Registers the jest hooks that give each test a reset emulator and its own temp dir; the fields
 * of the returned object are filled in by those hooks.
 */
export function e2eContext(emulatorOptions: Partial<EmulatorOptions> = {}): E2eContext {
  const world = worldFromEnv()
  const ctx = { world } as E2eContext
  beforeAll(async () => {
    ctx.emulator = await EcrEmulator.start({
      cert: world.cert,
      key: world.key,
      password: world.password,
      ...emulatorOptions
    })
  })
  afterAll(async () => {
    await ctx.emulator?.stop()
  })
  beforeEach(async () => {
    ctx.emulator.reset()
    ctx.dir = await fs.mkdtemp(join(tmpdir(), 'ecr-e2e-'))
    ctx.configDir = join(ctx.dir, 'docker')
  })
  afterEach(async () => {
    await fs.rm(ctx.dir, { recursive: true, force: true })
  })
  return ctx
}

/**
 * The environment a workflow has after aws-actions/configure-aws-credentials, pointed at the
 * emulator (unless the file's emulator serves real API host names) and at the test's config dir.
 */
export function actionEnv(
  ctx: E2eContext,
  extra: Record<string, string | undefined> = {},
  options: { endpoints?: boolean } = {}
): Record<string, string | undefined> {
  const [key] = EMULATOR_KEYS
  const endpoints =
    options.endpoints === false
      ? {}
      : { AWS_ENDPOINT_URL_ECR: ctx.emulator.url, AWS_ENDPOINT_URL_ECR_PUBLIC: ctx.emulator.url }
  return {
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...endpoints,
    NODE_EXTRA_CA_CERTS: ctx.world.ca,
    DOCKER_CONFIG: ctx.configDir,
    ...extra
  }
}

/** The test's config.json, parsed. */
export async function readDockerConfig(
  ctx: E2eContext
): Promise<Record<string, unknown> & { auths?: Record<string, unknown> }> {
  return JSON.parse(await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8'))
}

// Issue 12 item 2: credential-helper mode must leave no token on disk after post, and the token
// main primed must serve later steps of the job even when they have no AWS credentials.
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { docker, importImage, runJob } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()

/** Every file under `dir` whose contents hold the password or its base64 `AWS:password` token. */
async function filesHoldingToken(dir: string): Promise<string[]> {
  const forms = [WORLD_PASSWORD, Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64')]
  const found: string[] = []
  for (const entry of await fs.readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = join(entry.parentPath, entry.name)
    const text = await fs.readFile(file, 'latin1')
    if (forms.some(form => text.includes(form))) found.push(file)
  }
  return found
}

test('a step without AWS credentials pulls with the primed token; after post no token is left on disk', async () => {
  const home = join(ctx.dir, 'home')
  const runnerTemp = join(ctx.dir, 'runner-temp')
  await fs.mkdir(home)
  await fs.mkdir(runnerTemp)
  const env = actionEnv(ctx, { HOME: home, RUNNER_TEMP: runnerTemp })
  const host = registryHost('111111111111', 'us-east-1')

  const { main, post } = await runJob({
    inputs: { registries: '111111111111', 'credential-helper': 'true' },
    env,
    between: async main => {
      // A later step: the launcher on PATH, and no AWS credentials at all.
      const stepEnv: Record<string, string | undefined> = {
        ...env,
        PATH: [...main.path, process.env.PATH].join(delimiter),
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined
      }
      const callsBefore = ctx.emulator.calls.length
      const tag = `${host}/e2e/helper-job:${Date.now()}`
      await importImage(tag)
      const pushed = await docker(['push', tag], { configDir: ctx.configDir, env: stepEnv })
      expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
      await docker(['rmi', tag], { configDir: ctx.configDir })
      const pulled = await docker(['pull', tag], { configDir: ctx.configDir, env: stepEnv })
      expect({ code: pulled.code, stderr: pulled.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
      expect(ctx.emulator.calls.length).toBe(callsBefore)

      // While the job runs, the token is in the job's own cache only, not in ~/.ecr.
      expect(await filesHoldingToken(ctx.dir)).toEqual([
        join(runnerTemp, 'ecr-login-helper', 'cache', 'cache.json')
      ])
    }
  })
  expect(main.code).toBe(0)
  expect(post.code).toBe(0)
  expect(await filesHoldingToken(ctx.dir)).toEqual([])
  await expect(fs.stat(join(runnerTemp, 'ecr-login-helper'))).rejects.toThrow(/ENOENT/)
})

test('the launcher runs node itself: no shell between docker and the helper', async () => {
  const runnerTemp = join(ctx.dir, 'runner-temp')
  await fs.mkdir(runnerTemp)
  const { main } = await runJob({
    inputs: { registries: '111111111111', 'credential-helper': 'true' },
    env: actionEnv(ctx, { RUNNER_TEMP: runnerTemp }),
    between: async main => {
      const launcher = await fs.readFile(join(main.path[0], 'docker-credential-ecr-login'), 'utf8')
      expect(launcher.split('\n')[0]).toMatch(/^#!\/\S+\/node$/)
    }
  })
  expect(main.code).toBe(0)
})

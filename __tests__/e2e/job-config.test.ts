// docker-config: job — every job its own Docker config under RUNNER_TEMP, so jobs that share one
// HOME (a self-hosted runner) never log each other out, and the user's ~/.docker is never written.
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { delimiter, join, relative } from 'node:path'
import { docker, importImage, runStep, type StepResult } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')
const OTHER = registryHost('222222222222', 'us-east-1')
const AUTH = Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64')

let home: string
let userDir: string

beforeEach(async () => {
  home = join(ctx.dir, 'home')
  userDir = join(home, '.docker')
  await fs.mkdir(userDir, { recursive: true })
})

/** Every path under `dir` with its type, mode, mtime and content hash: "byte for byte", checkable. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  const walk = async (d: string): Promise<void> => {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name)
      const stat = await fs.lstat(path)
      const what = `${stat.mode.toString(8)} ${stat.mtimeMs}`
      if (entry.isDirectory()) {
        out[relative(dir, path)] = `dir ${what}`
        await walk(path)
      } else {
        const hash = createHash('sha256')
          .update(await fs.readFile(path))
          .digest('hex')
        out[relative(dir, path)] = `file ${what} ${hash}`
      }
    }
  }
  await walk(dir)
  return out
}

/** One job of a self-hosted runner: the user's HOME (no DOCKER_CONFIG), a RUNNER_TEMP of its own. */
async function job(
  name: string,
  extra: Record<string, string | undefined> = {},
  inputs: Record<string, string> = {}
) {
  const temp = join(ctx.dir, `temp-${name}`)
  await fs.mkdir(temp)
  const env = actionEnv(ctx, { HOME: home, DOCKER_CONFIG: undefined, RUNNER_TEMP: temp, ...extra })
  return {
    temp,
    main: () => runStep('main', { inputs: { registries: HOST, 'docker-config': 'job', ...inputs }, env }),
    post: (main: StepResult) => runStep('post', { state: main.state, env: { ...env, ...main.env } })
  }
}

/**
 * A later step of the job pushing with the job's DOCKER_CONFIG and no DOCKER_HOST: dockerd is
 * reached through the user's current context, which the job's config links to.
 */
async function push(main: StepResult, extra: Record<string, string | undefined> = {}) {
  const tag = `${HOST}/e2e/job:${Date.now()}${Math.floor(Math.random() * 1000)}`
  await importImage(tag)
  return docker(['push', tag], { env: { ...main.env, DOCKER_HOST: undefined, ...extra } })
}

test('two jobs sharing one HOME: each pushes after the other’s post, and ~/.docker is untouched byte for byte', async () => {
  // The user's own config: a login of theirs, settings, and a current context that reaches dockerd.
  const created = await docker(['context', 'create', 'world', '--docker', `host=${ctx.world.dockerHost}`], {
    configDir: userDir
  })
  expect(created.code).toBe(0)
  const settings = {
    auths: { 'ghcr.io': { auth: Buffer.from('me:ghcr-token').toString('base64') } },
    currentContext: 'world',
    proxies: { default: { noProxy: '*.internal' } },
    detachKeys: 'ctrl-e,e'
  }
  await fs.writeFile(join(userDir, 'config.json'), JSON.stringify(settings, null, '\t'), { mode: 0o600 })
  const before = await snapshot(home)

  for (const [first, second] of [
    ['a', 'b'],
    ['c', 'd']
  ]) {
    const [one, two] = await Promise.all([job(first), job(second)])
    const [mainOne, mainTwo] = await Promise.all([one.main(), two.main()])
    for (const [main, j] of [
      [mainOne, one],
      [mainTwo, two]
    ] as const) {
      expect(main.code).toBe(0)
      const dir = main.outputs['docker-config']
      expect(dir.startsWith(join(j.temp, 'ecr-login-job-'))).toBe(true)
      expect(main.env.DOCKER_CONFIG).toBe(dir)
      const { auths, ...rest } = settings
      expect(auths).toBeDefined()
      expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
        ...rest,
        auths: { [HOST]: { auth: AUTH } }
      })
    }
    // The first job ends; the second still pushes, then ends; then the next pair swaps roles.
    const postOne = await one.post(mainOne)
    expect(postOne.code).toBe(0)
    expect(postOne.stdout).toContain(`${HOST}: logged out with docker`)
    const pushed = await push(mainTwo)
    expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: expect.any(String) })
    const postTwo = await two.post(mainTwo)
    expect(postTwo.code).toBe(0)
    expect(await fs.readdir(one.temp)).toEqual([])
    expect(await fs.readdir(two.temp)).toEqual([])
    // Once its post ran, the job's config is gone and with it the login.
    expect((await push(mainOne)).code).not.toBe(0)
  }
  expect(await snapshot(home)).toEqual(before)
})

async function testStore(): Promise<{ bin: string; store: string }> {
  const bin = join(ctx.dir, 'bin')
  const store = join(ctx.dir, 'store')
  await fs.mkdir(bin)
  await fs.writeFile(
    join(bin, 'docker-credential-teststore'),
    `#!${process.execPath}
const fs = require('fs'), path = require('path'), crypto = require('crypto')
const dir = process.env.TESTSTORE_DIR
let input = ''
process.stdin.on('data', d => (input += d)).on('end', () => {
  const file = url => path.join(dir, crypto.createHash('sha256').update(url.trim()).digest('hex'))
  const action = process.argv[2]
  if (action === 'store') { fs.mkdirSync(dir, { recursive: true }); fs.writeFileSync(file(JSON.parse(input).ServerURL), input) }
  else if (action === 'get') { if (!fs.existsSync(file(input))) { console.log('credentials not found in native keychain'); process.exit(1) } process.stdout.write(fs.readFileSync(file(input))) }
  else if (action === 'erase') { fs.rmSync(file(input), { force: true }) }
  else if (action === 'list') { process.stdout.write('{}') }
})
`,
    { mode: 0o755 }
  )
  return { bin, store }
}

test('with a credsStore and credential-store: store the secret goes to the store, the job’s config keeps it, and post erases it', async () => {
  const { bin, store } = await testStore()
  const userText = JSON.stringify({ credsStore: 'teststore' }, null, '\t')
  await fs.writeFile(join(userDir, 'config.json'), userText)
  const before = await snapshot(home)
  const storeEnv = { TESTSTORE_DIR: store, PATH: `${bin}${delimiter}${process.env.PATH}` }
  const j = await job('a', storeEnv, { 'credential-store': 'store' })
  const main = await j.main()
  expect(main.code).toBe(0)
  const dir = main.outputs['docker-config']
  expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
    credsStore: 'teststore',
    auths: { [HOST]: {} }
  })
  expect(await fs.readdir(store)).toHaveLength(1)
  expect((await push(main, { ...storeEnv, DOCKER_HOST: ctx.world.dockerHost })).code).toBe(0)
  const post = await j.post(main)
  expect(post.code).toBe(0)
  expect(await fs.readdir(store)).toEqual([])
  expect(await fs.readdir(j.temp)).toEqual([])
  expect(await snapshot(home)).toEqual(before)
})

// A credsStore is shared by every job of the user: with docker-config: job, auto means file.
test('with a credsStore the job’s token stays in the job’s config, the store never called, and post removes it', async () => {
  const { bin, store } = await testStore()
  const userText = JSON.stringify({ credsStore: 'teststore' }, null, '\t')
  await fs.writeFile(join(userDir, 'config.json'), userText)
  const before = await snapshot(home)
  const storeEnv = { TESTSTORE_DIR: store, PATH: `${bin}${delimiter}${process.env.PATH}` }
  const j = await job('a', storeEnv)
  const main = await j.main()
  expect(main.code).toBe(0)
  expect(main.warnings).toEqual([])
  const dir = main.outputs['docker-config']
  expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
    credsStore: 'teststore',
    auths: { [HOST]: { auth: AUTH } },
    credHelpers: { [HOST]: '' }
  })
  expect((await push(main, { ...storeEnv, DOCKER_HOST: ctx.world.dockerHost })).code).toBe(0)
  const post = await j.post(main)
  expect(post.code).toBe(0)
  // The store was never called: it made no directory.
  expect(await fs.readdir(store).catch(() => 'never called')).toBe('never called')
  expect(await fs.readdir(j.temp)).toEqual([])
  expect(await snapshot(home)).toEqual(before)
})

test('with credential-helper the credHelpers entries go into the job’s config; the user’s is not written', async () => {
  const userText = JSON.stringify({ credHelpers: { [OTHER]: 'desktop' } }, null, '\t')
  await fs.writeFile(join(userDir, 'config.json'), userText)
  const before = await snapshot(home)
  const temp = join(ctx.dir, 'temp')
  await fs.mkdir(temp)
  const env = actionEnv(ctx, {
    HOME: home,
    DOCKER_CONFIG: undefined,
    RUNNER_TEMP: temp,
    AWS_ECR_CACHE_DIR: join(ctx.dir, 'ecr-cache')
  })
  const main = await runStep('main', {
    inputs: { registries: HOST, 'docker-config': 'job', 'credential-helper': 'true' },
    env
  })
  expect(main.code).toBe(0)
  const dir = main.outputs['docker-config']
  expect(JSON.parse(await fs.readFile(join(dir, 'config.json'), 'utf8'))).toEqual({
    auths: {},
    credHelpers: { [OTHER]: 'desktop', [HOST]: 'ecr-login' }
  })
  const stepEnv = { ...env, ...main.env, PATH: [...main.path, process.env.PATH].join(delimiter) }
  const tag = `${HOST}/e2e/job-helper:${Date.now()}`
  await importImage(tag)
  expect((await docker(['push', tag], { env: stepEnv })).code).toBe(0)
  const post = await runStep('post', { state: main.state, env: stepEnv })
  expect(post.code).toBe(0)
  expect(await fs.readdir(temp)).toEqual(
    expect.not.arrayContaining([expect.stringMatching(/^ecr-login-job-/)])
  )
  expect(await snapshot(home)).toEqual(before)
})

// Docker credential stores (credsStore, credHelpers, the platform store docker detects by itself),
// with the real docker CLI and fake store programs on PATH speaking the docker-credential-helpers
// protocol (store/get/erase/list on stdin and stdout), keeping their entries in a file and logging
// every call. In each case: a later push works, post leaves config.json JSON-equal to the seed,
// nothing is left in the store, and no store process outlives the steps.
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { docker, importImage, runStep } from '../support/action-runner.js'
import { actionEnv, e2eContext } from '../support/e2e-context.js'
import { EcrEmulator } from '../support/ecr-emulator.js'
import { alive } from '../support/processes.js'
import { findExecutable, registryHost, WORLD_LONG_PASSWORD, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const HOST = registryHost('111111111111', 'us-east-1')
const basic = (password: string) => Buffer.from(`AWS:${password}`).toString('base64')

/** What a fake store does: take everything, refuse secrets over 2560 bytes (wincred), never answer, or answer as a locked keychain. */
type Behaviour = 'works' | 'max-2560' | 'blocks' | 'locked'

interface FakeStore {
  name: string
  entries(): Promise<Record<string, { Username: string; Secret: string }>>
  /** `<action> <server URL>` per call, never the secret. */
  calls(): Promise<string[]>
  pids(): Promise<number[]>
}

let bin: string
beforeEach(async () => {
  bin = join(ctx.dir, 'bin')
  await fs.mkdir(bin)
})

/** `docker-credential-<name>` in `bin`: a node script speaking the helpers' protocol. */
async function fakeStore(name: string, behaviour: Behaviour): Promise<FakeStore> {
  const file = (ext: string) => join(ctx.dir, `store-${name}.${ext}`)
  const script = `#!${process.execPath}
const fs = require('node:fs')
const [STATE, LOG, PIDS, BEHAVIOUR] = ${JSON.stringify([file('json'), file('log'), file('pids'), behaviour])}
const action = process.argv[2]
fs.appendFileSync(PIDS, process.pid + '\\n')
const log = what => fs.appendFileSync(LOG, action + ' ' + what + '\\n')
const load = () => { try { return JSON.parse(fs.readFileSync(STATE, 'utf8')) } catch { return {} } }
const save = entries => fs.writeFileSync(STATE, JSON.stringify(entries))
const fail = text => { process.stdout.write(text + '\\n'); process.exit(1) }
if (BEHAVIOUR === 'blocks') { log('(blocks)'); setInterval(() => undefined, 1000) }
else {
  let input = ''
  process.stdin.setEncoding('utf8').on('data', d => (input += d)).on('end', () => {
    if (action === 'store') {
      const c = JSON.parse(input)
      log(c.ServerURL)
      if (BEHAVIOUR === 'locked') fail('User interaction is not allowed.')
      if (BEHAVIOUR === 'max-2560' && Buffer.byteLength(c.Secret) > 2560) fail('The stub received bad data.')
      save({ ...load(), [c.ServerURL]: { Username: c.Username, Secret: c.Secret } })
      return
    }
    const url = input.trim()
    log(url)
    const entries = load()
    if (action === 'get') {
      if (!entries[url]) fail('credentials not found in native keychain')
      process.stdout.write(JSON.stringify({ ServerURL: url, ...entries[url] }))
    } else if (action === 'erase') {
      delete entries[url]
      save(entries)
    } else if (action === 'list') {
      process.stdout.write(JSON.stringify(Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, v.Username]))))
    } else fail('unknown action ' + action)
  })
}
`
  await fs.writeFile(join(bin, `docker-credential-${name}`), script, { mode: 0o755 })
  const read = (ext: string) => fs.readFile(file(ext), 'utf8').catch(() => '')
  const lines = async (ext: string) => (await read(ext)).split('\n').filter(Boolean)
  return {
    name,
    entries: async () => JSON.parse((await read('json')) || '{}'),
    calls: () => lines('log'),
    pids: async () => (await lines('pids')).map(Number)
  }
}

/** The store docker picks by itself on Linux: pass when the `pass` program is on PATH, else secretservice. */
const DETECTED = findExecutable('pass') ? 'pass' : 'secretservice'

async function seedConfig(config: Record<string, unknown>): Promise<void> {
  await fs.mkdir(ctx.configDir, { recursive: true })
  await fs.writeFile(join(ctx.configDir, 'config.json'), JSON.stringify(config, null, '\t'), { mode: 0o600 })
}
const userConfig = async () => JSON.parse(await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8'))

/** The step's environment: the fake stores first on PATH. */
function env(emulator: EcrEmulator = ctx.emulator) {
  return actionEnv(ctx, {
    PATH: `${bin}${delimiter}${process.env.PATH}`,
    AWS_ENDPOINT_URL_ECR: emulator.url,
    AWS_ENDPOINT_URL_ECR_PUBLIC: emulator.url
  })
}

/** A later step pushing with the user's config and the same PATH (docker asks the store itself). */
async function push(stepEnv: Record<string, string | undefined>) {
  const tag = `${HOST}/e2e/stores:${Date.now()}${Math.floor(Math.random() * 1000)}`
  await importImage(tag)
  return docker(['push', tag], { env: { ...stepEnv, DOCKER_CONFIG: ctx.configDir } })
}

/** main, a push, post: each as the runner runs it. */
async function job(inputs: Record<string, string>, stepEnv = env()) {
  const started = Date.now()
  const main = await runStep('main', { inputs: { registries: HOST, ...inputs }, env: stepEnv })
  const mainMs = Date.now() - started
  const afterMain = await userConfig().catch(() => undefined)
  const pushed = main.code === 0 ? await push(stepEnv) : undefined
  const post = await runStep('post', { state: main.state, env: stepEnv })
  return { main, mainMs, afterMain, pushed, post }
}

async function expectNoStoreProcessLeft(store: FakeStore): Promise<void> {
  // A store ended with its tree may take a moment to be reaped.
  await new Promise(resolve => setTimeout(resolve, 200))
  expect((await store.pids()).filter(alive)).toEqual([])
}

function expectPushed(pushed: Awaited<ReturnType<typeof push>> | undefined) {
  expect({ code: pushed?.code, stderr: pushed?.code === 0 ? '' : pushed?.stderr }).toEqual({
    code: 0,
    stderr: ''
  })
}

const seed = { auths: {}, psFormat: 'table {{.ID}}' }

test('a store docker detects by itself gets the token; the push reads it there; post erases it', async () => {
  const store = await fakeStore(DETECTED, 'works')
  await seedConfig(seed)
  const { main, afterMain, pushed, post } = await job({})
  expect(main.code).toBe(0)
  expect(main.warnings).toEqual([])
  expect(afterMain).toEqual({ ...seed, auths: { [HOST]: {} }, credHelpers: { [HOST]: DETECTED } })
  expectPushed(pushed)
  expect(post.code).toBe(0)
  // main stored it, the push read it, post erased it (docker logout erases the host twice: as given
  // and as its hostname); http(s)://host went to the file, not the store.
  expect(new Set(await store.calls())).toEqual(new Set([`store ${HOST}`, `get ${HOST}`, `erase ${HOST}`]))
  expect((await store.calls())[0]).toBe(`store ${HOST}`)
  expect(await store.entries()).toEqual({})
  expect(await userConfig()).toEqual(seed)
  await expectNoStoreProcessLeft(store)
})

describe('a token longer than Windows Credential Manager holds', () => {
  let long: EcrEmulator
  beforeAll(async () => {
    long = await EcrEmulator.start({
      cert: ctx.world.cert,
      key: ctx.world.key,
      password: WORLD_LONG_PASSWORD
    })
  })
  afterAll(async () => {
    await long?.stop()
  })

  test('auto: a wincred-like store that refuses it leaves it in the file for that host, with a warning', async () => {
    expect(Buffer.byteLength(WORLD_LONG_PASSWORD)).toBeGreaterThan(2560)
    const store = await fakeStore('wincred', 'max-2560')
    const config = { ...seed, credsStore: 'wincred' }
    await seedConfig(config)
    const { main, afterMain, pushed, post } = await job({}, env(long))
    expect(main.code).toBe(0)
    expect(main.warnings).toEqual([expect.stringContaining(`the credential store 'wincred'`)])
    expect(main.warnings[0]).toContain('The stub received bad data.')
    expect(main.warnings[0]).toContain('credential-store: file')
    const printed = main.stdout.split('\n').filter(line => !line.startsWith('::add-mask::'))
    expect(printed.join('\n')).not.toContain(WORLD_LONG_PASSWORD.slice(0, 40))
    expect(afterMain).toEqual({
      ...config,
      auths: { [HOST]: { auth: basic(WORLD_LONG_PASSWORD) } },
      credHelpers: { [HOST]: '' }
    })
    expectPushed(pushed)
    expect(post.code).toBe(0)
    expect(await userConfig()).toEqual(config)
    // The push and the logout never reached the store: credHelpers sent docker to the file.
    expect(await store.calls()).toEqual([`store ${HOST}`])
    expect(await store.entries()).toEqual({})
    await expectNoStoreProcessLeft(store)
  })

  test('store: the same store is a clear error naming it and why; nothing is left', async () => {
    const store = await fakeStore('wincred', 'max-2560')
    const config = { ...seed, credsStore: 'wincred' }
    await seedConfig(config)
    const { main, afterMain, post } = await job(
      { 'credential-store': 'store', 'login-retries': '3' },
      env(long)
    )
    expect(main.code).not.toBe(0)
    expect(main.errors.join('\n')).toContain(
      `Could not login to registry ${HOST}: the credential store 'wincred' (credsStore in config.json) could not take the ECR token: it answered: The stub received bad data.`
    )
    expect(main.errors.join('\n')).toContain('credential-store: file')
    // Not a temporary failure: one attempt, no retry.
    expect(main.stdout).not.toContain('retrying')
    expect(afterMain).toEqual(config)
    expect(post.code).toBe(0)
    expect(await userConfig()).toEqual(config)
    expect(await store.entries()).toEqual({})
    await expectNoStoreProcessLeft(store)
  })
})

test('a store that never answers costs its own short bound, not login-timeout × retries; the token goes to the file', async () => {
  const store = await fakeStore(DETECTED, 'blocks')
  await seedConfig(seed)
  const { main, mainMs, afterMain, pushed, post } = await job({ 'login-timeout': '60' })
  expect(main.code).toBe(0)
  expect(main.warnings).toEqual([expect.stringContaining('did not answer within 5 s')])
  expect(mainMs).toBeLessThan(30_000)
  expect(afterMain).toEqual({
    ...seed,
    auths: { [HOST]: { auth: basic(WORLD_PASSWORD) } },
    credHelpers: { [HOST]: '' }
  })
  expectPushed(pushed)
  expect(post.code).toBe(0)
  expect(await userConfig()).toEqual(seed)
  expect(await store.calls()).toEqual(['store (blocks)'])
  await expectNoStoreProcessLeft(store)
})

test('a locked keychain (User interaction is not allowed.) is not retried; the token goes to the file', async () => {
  const store = await fakeStore('osxkeychain', 'locked')
  const config = { ...seed, credsStore: 'osxkeychain' }
  await seedConfig(config)
  const { main, afterMain, pushed, post } = await job({})
  expect(main.code).toBe(0)
  expect(main.warnings).toEqual([expect.stringContaining('User interaction is not allowed.')])
  expect(main.stdout).not.toContain('retrying')
  expect(afterMain).toEqual({
    ...config,
    auths: { [HOST]: { auth: basic(WORLD_PASSWORD) } },
    credHelpers: { [HOST]: '' }
  })
  expectPushed(pushed)
  expect(post.code).toBe(0)
  expect(await userConfig()).toEqual(config)
  expect(await store.calls()).toEqual([`store ${HOST}`])
  await expectNoStoreProcessLeft(store)
})

test('file: a working store is never called for the ECR host, by main, the push or post', async () => {
  const store = await fakeStore('desktop', 'works')
  const config = { ...seed, credsStore: 'desktop' }
  await seedConfig(config)
  const { main, afterMain, pushed, post } = await job({ 'credential-store': 'file' })
  expect(main.code).toBe(0)
  expect(main.warnings).toEqual([])
  expect(afterMain).toEqual({
    ...config,
    auths: { [HOST]: { auth: basic(WORLD_PASSWORD) } },
    credHelpers: { [HOST]: '' }
  })
  expectPushed(pushed)
  expect(post.code).toBe(0)
  expect(await userConfig()).toEqual(config)
  expect(await store.calls()).toEqual([])
  await expectNoStoreProcessLeft(store)
})

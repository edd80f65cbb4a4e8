// Concurrent logins must not lose config.json entries: the docker CLI rewrites the file with no
// lock, so the action runs each login against its own config dir and merges under a lock.
import { promises as fs } from 'node:fs'
import { delimiter, join } from 'node:path'
import { docker, importImage, runJob, runStep } from '../support/action-runner.js'
import { actionEnv, e2eContext, readDockerConfig } from '../support/e2e-context.js'
import { ACCOUNTS, registryHost, WORLD_PASSWORD } from '../support/world.js'

const ctx = e2eContext()
const TEN = ACCOUNTS.filter(a => a.startsWith('1000000000')).slice(0, 10)
const env = (extra: Record<string, string | undefined> = {}) => actionEnv(ctx, extra)
const readConfig = () => readDockerConfig(ctx)

beforeEach(async () => {
  await fs.mkdir(ctx.configDir)
})

const PRE_EXISTING = {
  auths: {
    'ghcr.io': { auth: Buffer.from('me:ghcr-token').toString('base64') },
    'registry.example.com': { auth: Buffer.from('ci:example').toString('base64') }
  },
  credHelpers: { 'gcr.io': 'gcloud' },
  proxies: { default: { noProxy: '*.internal' } },
  detachKeys: 'ctrl-e,e'
}

test('ten registries log in concurrently: all ten entries land, and every pre-existing setting is intact', async () => {
  await fs.writeFile(join(ctx.configDir, 'config.json'), JSON.stringify(PRE_EXISTING, null, '\t'), {
    mode: 0o600
  })
  const hosts = TEN.map(a => registryHost(a, 'us-east-1'))
  const { main, post } = await runJob({
    inputs: { registries: TEN.join(',') },
    env: env(),
    between: async () => {
      const config = await readConfig()
      expect(Object.keys(config.auths ?? {}).sort()).toEqual(
        [...Object.keys(PRE_EXISTING.auths), ...hosts].sort()
      )
      expect({ ...config, auths: undefined }).toEqual({ ...PRE_EXISTING, auths: undefined })
      for (const key of Object.keys(PRE_EXISTING.auths)) {
        expect(config.auths?.[key]).toEqual(PRE_EXISTING.auths[key as keyof typeof PRE_EXISTING.auths])
      }
    }
  })
  expect(main.code).toBe(0)
  expect(post.code).toBe(0)
  expect(await readConfig()).toEqual(PRE_EXISTING)
})

test('concurrent jobs sharing one config (a self-hosted runner), round after round, lose nothing', async () => {
  // Three jobs at once, each with its own accounts, like three workflows on one runner user.
  const groups = [TEN.slice(0, 4), TEN.slice(4, 7), TEN.slice(7, 10)]
  for (let round = 0; round < 4; round++) {
    const mains = await Promise.all(
      groups.map(g => runStep('main', { inputs: { registries: g.join(',') }, env: env() }))
    )
    for (const main of mains) expect(main.code).toBe(0)
    const hosts = groups.flat().map(a => registryHost(a, 'us-east-1'))
    expect(Object.keys((await readConfig()).auths ?? {}).sort()).toEqual([...hosts].sort())

    const posts = await Promise.all(mains.map(main => runStep('post', { state: main.state, env: env() })))
    for (const post of posts) expect(post.code).toBe(0)
    expect((await readConfig()).auths).toEqual({})
  }
})

test('with credsStore the password goes to the store, not config.json, and logout erases it', async () => {
  // A real credential store program (file-backed), which docker itself runs for store/get/erase.
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
  if (action === 'store') { fs.mkdirSync(dir, { recursive: true }); const c = JSON.parse(input); fs.writeFileSync(file(c.ServerURL), input) }
  else if (action === 'get') { if (!fs.existsSync(file(input))) { console.log('credentials not found in native keychain'); process.exit(1) } process.stdout.write(fs.readFileSync(file(input))) }
  else if (action === 'erase') { fs.rmSync(file(input), { force: true }) }
  else if (action === 'list') { process.stdout.write('{}') }
})
`,
    { mode: 0o755 }
  )
  await fs.writeFile(
    join(ctx.configDir, 'config.json'),
    JSON.stringify({ credsStore: 'teststore' }, null, '\t')
  )
  const storeEnv = env({ TESTSTORE_DIR: store, PATH: `${bin}${delimiter}${process.env.PATH}` })
  const hosts = TEN.slice(0, 3).map(a => registryHost(a, 'us-east-1'))

  const { main, post } = await runJob({
    inputs: { registries: TEN.slice(0, 3).join(' ') },
    env: storeEnv,
    between: async () => {
      const text = await fs.readFile(join(ctx.configDir, 'config.json'), 'utf8')
      expect(text).not.toContain(Buffer.from(`AWS:${WORLD_PASSWORD}`).toString('base64'))
      expect(JSON.parse(text)).toEqual({
        credsStore: 'teststore',
        auths: Object.fromEntries(hosts.map(h => [h, {}]))
      })
      const stored = await fs.readdir(store)
      expect(stored).toHaveLength(3)
      for (const name of stored) {
        expect(JSON.parse(await fs.readFile(join(store, name), 'utf8'))).toMatchObject({
          Username: 'AWS',
          Secret: WORLD_PASSWORD
        })
      }
      const tag = `${hosts[0]}/e2e/store:${Date.now()}`
      await importImage(tag)
      const pushed = await docker(['push', tag], {
        configDir: ctx.configDir,
        env: { TESTSTORE_DIR: store, PATH: storeEnv.PATH }
      })
      expect(pushed.code).toBe(0)
    }
  })
  expect(main.code).toBe(0)
  expect(post.code).toBe(0)
  expect(await fs.readdir(store)).toEqual([])
  expect(await readConfig()).toEqual({ credsStore: 'teststore', auths: {} })
})

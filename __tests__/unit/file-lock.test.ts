import { spawn } from 'node:child_process'
import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { lockFile, updateLocked, type LockSettings } from '../../src/config/file-lock.js'

const SRC = fileURLToPath(new URL('../../src/config/file-lock.ts', import.meta.url))
const SETTINGS: LockSettings = {
  staleMs: 1_000,
  updateMs: 250,
  retries: { retries: 400, factor: 1.2, minTimeout: 10, maxTimeout: 50, randomize: true }
}

let dir: string
let file: string
let lockPath: string
beforeEach(async () => {
  dir = await fs.mkdtemp(join(tmpdir(), 'ecr-login-file-lock-test-'))
  file = join(dir, 'data.json')
  lockPath = `${file}.lock`
  await fs.writeFile(file, '{}')
})
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true })
})

const readData = async (): Promise<Record<string, boolean>> => JSON.parse(await fs.readFile(file, 'utf8'))

/** The locked update one process makes: adds `key` to the JSON object in `file`. */
const lockedFile = (key: string) => ({
  key: file,
  lock: () => lockFile(file, lockPath, SETTINGS),
  read: async () => JSON.parse(await fs.readFile(file, 'utf8')) as Record<string, boolean>,
  write: (content: Record<string, boolean>) => fs.writeFile(file, JSON.stringify(content)),
  lost: () => new Error(`lost the lock for ${key}`)
})

describe('lock ownership', () => {
  test('a holder that stalls past the stale age while another takes the lock over does not overwrite it', async () => {
    // A stale age with room for a busy test machine: the holder's lock must not look stale to the
    // stalled one while this process refreshes it (every updateMs) during its long wait below.
    const STALL: LockSettings = { ...SETTINGS, staleMs: 2_000 }
    // The stalled holder, in a process of its own: it reads, then its event loop stops (as under a
    // debugger, a swapping machine or SIGSTOP) for three stale ages while holding the lock.
    const script = `
      // A file: URL: an ES import takes no Windows drive path.
      import * as m from ${JSON.stringify(pathToFileURL(SRC).href)}
      import { promises as fs } from 'node:fs'
      const file = ${JSON.stringify(file)}
      let stalled = false
      await m.updateLocked({
        key: file,
        lock: () => m.lockFile(file, ${JSON.stringify(lockPath)}, ${JSON.stringify(STALL)}),
        read: async () => JSON.parse(await fs.readFile(file, 'utf8')),
        write: content => fs.writeFile(file, JSON.stringify(content)),
        lost: () => new Error('lost')
      }, content => {
        content.stalled = true
        if (stalled) return
        stalled = true
        console.log('read')
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${STALL.staleMs * 3})
      })
      console.log('done')`
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)))
    const deadline = Date.now() + 20_000
    while (!out.includes('read')) {
      if (Date.now() > deadline) throw new Error('the child never took the lock')
      await new Promise(resolve => setTimeout(resolve, 10))
    }

    // This process takes the stale lock over, writes, and still holds it when the stalled one wakes.
    const lock = await lockFile(file, lockPath, STALL)
    await fs.writeFile(file, JSON.stringify({ ...(await readData()), takenOver: true }))
    await new Promise(resolve => setTimeout(resolve, STALL.staleMs * 3))
    expect(await lock.owned()).toBe(true)
    expect(await readData()).toEqual({ takenOver: true })
    await lock.release()

    expect(await exited).toBe(0)
    expect(out).toContain('done')
    // The stalled holder found it no longer held the lock and started again from what was there.
    expect(await readData()).toEqual({ takenOver: true, stalled: true })
    expect(await fs.readdir(dir)).toEqual(['data.json'])
  }, 30_000)

  test('a lock whose nonce is not this holder’s is not owned and is not released by it', async () => {
    const lock = await lockFile(file, lockPath, SETTINGS)
    expect(await lock.owned()).toBe(true)
    // Another holder's lock in the same place (the same directory, so the same inode).
    await fs.writeFile(join(lockPath, 'owner'), 'someone else')
    expect(await lock.owned()).toBe(false)
    await lock.release()
    expect(await fs.readFile(join(lockPath, 'owner'), 'utf8')).toBe('someone else')
  })

  test('a released lock leaves nothing behind', async () => {
    await updateLocked(lockedFile('a'), content => {
      content.a = true
    })
    expect(await readData()).toEqual({ a: true })
    expect(await fs.readdir(dir)).toEqual(['data.json'])
  })
})

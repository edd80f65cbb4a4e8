import { EarlyLogins, type LaunchLogin } from '../../src/clients/early-login.js'
import type { IsolatedDir } from '../../src/clients/core.js'

/** Dirs that only record whether they were released. */
function dirs() {
  const released: string[] = []
  let n = 0
  const make = async (): Promise<IsolatedDir> => {
    const dir = `dir-${++n}`
    return { dir, release: async () => void released.push(dir) }
  }
  return { make, released }
}

/** A launch that waits for the password, then exits 0 (or 1 when it was abandoned). */
function recordingLaunch(seen: string[]): (host: string) => LaunchLogin {
  return host => async (dir, password) =>
    password.then(
      value => {
        seen.push(`${host} ${dir.dir} ${value}`)
        return { code: 0, stdout: 'Login Succeeded', stderr: '' }
      },
      () => {
        seen.push(`${host} ended`)
        return { code: -1, stdout: '', stderr: '' }
      }
    )
}

describe('early logins', () => {
  test('a started login gets its password when taken and finished, and hands back its dir', async () => {
    const { make, released } = dirs()
    const seen: string[] = []
    const early = new EarlyLogins(make, recordingLaunch(seen))
    early.start('a')
    const login = early.take('a')!
    const ran = await login.finish('pw')
    expect(ran?.result.code).toBe(0)
    expect(ran?.dir.dir).toBe('dir-1')
    expect(seen).toEqual(['a dir-1 pw'])
    // The caller merges from the dir, then releases it.
    expect(released).toEqual([])
  })

  test('a login is taken once; starting a host twice starts one process', async () => {
    const { make } = dirs()
    const seen: string[] = []
    const early = new EarlyLogins(make, recordingLaunch(seen))
    early.start('a')
    early.start('a')
    expect(early.take('a')).toBeDefined()
    expect(early.take('a')).toBeUndefined()
    await early.abandonAll()
    expect(seen).toEqual([])
  })

  test('abandonAll ends every login not taken and removes its dir', async () => {
    const { make, released } = dirs()
    const seen: string[] = []
    const early = new EarlyLogins(make, recordingLaunch(seen))
    early.start('a')
    early.start('b')
    await early.abandonAll()
    expect(seen.sort()).toEqual(['a ended', 'b ended'])
    expect(released.sort()).toEqual(['dir-1', 'dir-2'])
    expect(early.take('a')).toBeUndefined()
  })

  test('abandonExcept ends only the logins of other hosts; the kept one is still taken', async () => {
    const { make, released } = dirs()
    const seen: string[] = []
    const early = new EarlyLogins(make, recordingLaunch(seen))
    early.start('a')
    early.start('b')
    await early.abandonExcept(['a'])
    expect(seen).toEqual(['b ended'])
    expect(released).toEqual(['dir-2'])
    expect(early.take('b')).toBeUndefined()
    expect((await early.take('a')!.finish('pw'))?.result.code).toBe(0)
  })

  // Bug: a login abandoned before its dir was made left its password promise rejected with no
  // handler, and node ended main with an unhandled rejection (no ::error:: line).
  test('a login abandoned before its dir exists ends cleanly, with no unhandled rejection', async () => {
    const unhandled: unknown[] = []
    const onUnhandled = (reason: unknown) => unhandled.push(reason)
    process.on('unhandledRejection', onUnhandled)
    try {
      const { make, released } = dirs()
      const slow = () => new Promise<IsolatedDir>(resolve => setTimeout(() => resolve(make()), 50))
      const seen: string[] = []
      const early = new EarlyLogins(slow, recordingLaunch(seen))
      early.start('a')
      await early.abandonExcept([])
      await new Promise(resolve => setTimeout(resolve, 20))
      expect(unhandled).toEqual([])
      expect(seen).toEqual(['a ended'])
      expect(released).toEqual(['dir-1'])
    } finally {
      process.off('unhandledRejection', onUnhandled)
    }
  })

  test('a login whose dir could not be made finishes as undefined: the caller logs in afresh', async () => {
    const early = new EarlyLogins(async () => undefined, recordingLaunch([]))
    early.start('a')
    expect(await early.take('a')!.finish('pw')).toBeUndefined()
  })

  test('a launch that throws releases the dir and rethrows', async () => {
    const { make, released } = dirs()
    const early = new EarlyLogins(make, () => async () => {
      throw new Error('docker was not found')
    })
    early.start('a')
    await expect(early.take('a')!.finish('pw')).rejects.toThrow('docker was not found')
    expect(released).toEqual(['dir-1'])
  })
})

import {
  detectsStore,
  hostStore,
  knownTooLarge,
  parseKeptLogins,
  platformDefaultStore
} from '../../src/config/credential-store.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const onPath =
  (...programs: string[]) =>
  (program: string) =>
    programs.includes(program)

describe('the platform store docker detects (docker/cli default_store*.go)', () => {
  test.each([
    ['win32', ['docker-credential-wincred'], 'wincred'],
    ['darwin', ['docker-credential-osxkeychain'], 'osxkeychain'],
    ['linux', ['docker-credential-secretservice'], 'secretservice'],
    ['linux', ['pass', 'docker-credential-pass', 'docker-credential-secretservice'], 'pass'],
    // pass on PATH picks pass, whose helper is missing: docker then detects nothing at all.
    ['linux', ['pass', 'docker-credential-secretservice'], undefined],
    ['linux', ['docker-credential-pass'], undefined],
    ['win32', [], undefined],
    ['darwin', ['docker-credential-wincred'], undefined],
    ['freebsd', ['docker-credential-secretservice'], undefined]
  ] as const)('%s with %j on PATH → %s', (platform, programs, store) => {
    expect(platformDefaultStore(platform, onPath(...programs))).toBe(store)
  })
})

describe('the store docker uses for a host', () => {
  const detect = () => 'wincred'

  test('credHelpers[host] first, also when it is empty (the file)', () => {
    expect(hostStore({ credsStore: 'desktop', credHelpers: { [HOST]: 'ecr-login' } }, HOST, detect)).toEqual({
      store: 'ecr-login',
      source: 'credHelpers'
    })
    expect(hostStore({ credsStore: 'desktop', credHelpers: { [HOST]: '' } }, HOST, detect)).toEqual({
      store: '',
      source: 'credHelpers'
    })
  })

  test('then credsStore', () => {
    expect(hostStore({ credsStore: 'desktop', credHelpers: { 'gcr.io': 'gcloud' } }, HOST, detect)).toEqual({
      store: 'desktop',
      source: 'credsStore'
    })
  })

  test('then the detected default, only for a config with no credsStore, credHelpers or auths', () => {
    expect(hostStore({}, HOST, detect)).toEqual({ store: 'wincred', source: 'detected' })
    expect(hostStore({ auths: {}, credHelpers: {} }, HOST, detect)).toEqual({
      store: 'wincred',
      source: 'detected'
    })
    expect(hostStore({ auths: { 'ghcr.io': {} } }, HOST, detect)).toEqual({ store: '', source: 'none' })
    expect(hostStore({ credHelpers: { 'gcr.io': 'gcloud' } }, HOST, detect)).toEqual({
      store: '',
      source: 'none'
    })
    expect(hostStore({}, HOST, () => undefined)).toEqual({ store: '', source: 'none' })
  })

  test('detection is not even asked when the config stops it', () => {
    let asked = 0
    hostStore({ auths: { x: {} } }, HOST, () => {
      asked++
      return 'pass'
    })
    expect(asked).toBe(0)
    expect(detectsStore({ credsStore: 'x' })).toBe(false)
  })
})

describe('sizes known too large', () => {
  test('wincred and desktop on Windows hold 2560 bytes, no more', () => {
    expect(knownTooLarge('wincred', 'win32', 'x'.repeat(2560))).toBeUndefined()
    expect(knownTooLarge('wincred', 'win32', 'x'.repeat(2561))).toContain('2561 bytes')
    expect(knownTooLarge('desktop', 'win32', 'x'.repeat(3000))).toContain('3000 bytes')
    expect(knownTooLarge('desktop', 'darwin', 'x'.repeat(3000))).toBeUndefined()
    expect(knownTooLarge('osxkeychain', 'win32', 'x'.repeat(3000))).toBeUndefined()
  })
})

describe('what main saved for post', () => {
  test('store names and overrides are read back; anything else is dropped', () => {
    const kept = parseKeptLogins(
      JSON.stringify({
        [HOST]: { store: 'secretservice', override: true },
        'e.example': { store: '', override: true, replaced: 'ecr-login' },
        'f.example': { store: '', override: true, replaced: '/bin/sh' },
        'a.example': { store: '' },
        'b.example': { store: '../../bin/evil' },
        'c.example': { store: '--help' },
        'd.example': 'pass'
      })
    )
    expect([...kept]).toEqual([
      [HOST, { store: 'secretservice', override: true }],
      ['e.example', { store: '', override: true, replaced: 'ecr-login' }],
      ['f.example', { store: '', override: true }],
      ['a.example', { store: '' }]
    ])
    expect(parseKeptLogins('not json').size).toBe(0)
    expect(parseKeptLogins('').size).toBe(0)
  })
})

import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { actionCompileCacheDir, enableCompileCache } from '../../src/compile-cache.js'
import { posixTest } from '../support/platform.js'

let dir: string
let enabled: string[]
const enable = (d: string) => enabled.push(d)
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'compile-cache-'))
  enabled = []
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const selfHosted = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  RUNNER_ENVIRONMENT: 'self-hosted',
  AWS_ECR_CACHE_DIR: join(dir, 'ecr'),
  ...extra
})

test('on a self-hosted runner, the compile cache is on, in a private directory under the helper cache', () => {
  expect(enableCompileCache(selfHosted(), enable)).toBe(join(dir, 'ecr', 'compile-cache', 'action'))
  expect(enabled).toEqual([actionCompileCacheDir(selfHosted())])
  if (process.platform !== 'win32') {
    for (const d of ['ecr', 'ecr/compile-cache', 'ecr/compile-cache/action']) {
      expect(statSync(join(dir, d)).mode & 0o777).toBe(0o700)
    }
  }
})

test.each([
  ['a GitHub-hosted runner (a fresh machine per job)', { RUNNER_ENVIRONMENT: 'github-hosted' }],
  ['no RUNNER_ENVIRONMENT', { RUNNER_ENVIRONMENT: undefined }],
  ['AWS_ECR_DISABLE_CACHE', { AWS_ECR_DISABLE_CACHE: '1' }]
])('the compile cache stays off on %s, and nothing is written', (_why, extra) => {
  expect(enableCompileCache(selfHosted(extra), enable)).toBeUndefined()
  expect(enabled).toEqual([])
  expect(() => statSync(join(dir, 'ecr'))).toThrow()
})

// Windows has no mode bits: skipped there, rather than passing without checking anything.
posixTest('a cache directory other users can write is never used', () => {
  mkdirSync(join(dir, 'ecr'), { recursive: true })
  chmodSync(join(dir, 'ecr'), 0o757)
  expect(enableCompileCache(selfHosted(), enable)).toBeUndefined()
  expect(enabled).toEqual([])
})

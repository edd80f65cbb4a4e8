// Each helper run is its own process: V8 keeps what it compiled in memory, so a second
// runWithCodeCache in one process would never consult the cache. Every run here is a fresh node.
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const CODE_CACHE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'helper', 'code-cache.ts')

let dir: string
let bundle: string
let cacheDir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-code-cache-'))
  bundle = join(dir, 'main.js')
  cacheDir = join(dir, 'compile-cache')
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const posix = process.platform === 'win32' ? test.skip : test

/** A CommonJS bundle that writes what it saw next to itself. */
function writeBundle(value: string, file = bundle): void {
  writeFileSync(
    file,
    `const fs = require('node:fs')
function answer() { return ${JSON.stringify(value)} }
module.exports.value = answer()
fs.writeFileSync(__dirname + '/seen.json', JSON.stringify({ value: answer(), dir: __dirname, file: __filename, exportsIsThis: this === module.exports }))
`
  )
}
const seen = (file = bundle) => JSON.parse(readFileSync(join(dirname(file), 'seen.json'), 'utf8'))

/** One helper process, running the bundle as helper.ts does; null: no cache directory. */
function run(cache: string | null = cacheDir, file = bundle): { cached: boolean; saving: boolean } {
  const script = `import { runWithCodeCache } from ${JSON.stringify(pathToFileURL(CODE_CACHE).href)}
console.log(JSON.stringify(runWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)} ?? undefined)))`
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8'
  })
  if (out.status !== 0) throw new Error(out.stderr)
  return JSON.parse(out.stdout)
}

test('runs the bundle as require() would: require, module, exports, __filename, __dirname', () => {
  writeBundle('one')
  expect(run(null)).toEqual({ cached: false, saving: false })
  expect(seen()).toEqual({ value: 'one', dir, file: bundle, exportsIsThis: true })
})

posix('the first run leaves a code cache (0600, in a 0700 directory) that the next run compiles from', () => {
  writeBundle('one')
  expect(run()).toEqual({ cached: false, saving: true })
  const [name] = readdirSync(cacheDir)
  expect(name).toMatch(/^helper-[0-9a-z]+-v[\d.]+-[a-z0-9]+-\d+-\d+-\d+\.bin$/)
  expect(statSync(cacheDir).mode & 0o777).toBe(0o700)
  expect(statSync(join(cacheDir, name)).mode & 0o777).toBe(0o600)

  expect(run()).toEqual({ cached: true, saving: false })
  expect(seen().value).toBe('one')
})

test('a changed bundle of the same length never runs from the old cache, and replaces it', () => {
  writeBundle('one')
  run()
  const [old] = readdirSync(cacheDir)
  // V8 itself checks only the source's length.
  writeBundle('two')
  const later = new Date(Date.now() + 5000)
  utimesSync(bundle, later, later)

  expect(run()).toEqual({ cached: false, saving: true })
  expect(seen().value).toBe('two')
  expect(readdirSync(cacheDir)).toHaveLength(1)
  expect(readdirSync(cacheDir)).not.toContain(old)
  expect(run().cached).toBe(true)
})

test("another installation's cache in the same directory is left alone", () => {
  writeBundle('one')
  run()
  const other = join(dir, 'other', 'main.js')
  mkdirSync(dirname(other))
  writeBundle('other', other)
  run(cacheDir, other)
  expect(readdirSync(cacheDir)).toHaveLength(2)
  expect(run().cached).toBe(true)
})

test('a corrupt cache is refused by V8 and rewritten', () => {
  writeBundle('one')
  run()
  const [name] = readdirSync(cacheDir)
  writeFileSync(join(cacheDir, name), Buffer.alloc(4096, 7), { mode: 0o600 })
  expect(run()).toEqual({ cached: false, saving: true })
  expect(seen().value).toBe('one')
  expect(run().cached).toBe(true)
})

// A code cache is code: one that someone else could have written must never be loaded.
posix('a cache directory others can write is neither read nor written', () => {
  writeBundle('one')
  run()
  chmodSync(cacheDir, 0o777)
  const [name] = readdirSync(cacheDir)
  rmSync(join(cacheDir, name))
  expect(run().cached).toBe(false)
  expect(readdirSync(cacheDir)).toEqual([])
})

posix('a cache file that is a symbolic link is not followed', () => {
  writeBundle('one')
  run(join(dir, 'real'))
  const [name] = readdirSync(join(dir, 'real'))
  mkdirSync(cacheDir, { mode: 0o700 })
  symlinkSync(join(dir, 'real', name), join(cacheDir, name))
  expect(run().cached).toBe(false)
})

posix('a compile-cache directory of ours inside a directory others can write is not used', () => {
  writeBundle('one')
  run()
  chmodSync(dir, 0o777)
  expect(run().cached).toBe(false)
})

import { closeSync, fstatSync, openSync, readdirSync, readFileSync, unlinkSync } from 'node:fs'
import { createRequire } from 'node:module'
import { basename, dirname, join } from 'node:path'
import { Script } from 'node:vm'
import { checkPrivateDir, makePrivateDir, readPrivateFile, writePrivate } from './private-files.js'

// Compiling the helper's JavaScript is most of what a warm-cache `get` costs above node's own
// start-up (V8 parses the bundle, then each function it runs). node's compile cache
// (module.enableCompileCache) stores a module's code cache right after compiling it, before any
// function has run, so it holds little of that. Here the cache is made after a run, from every
// function compiled by then, and loaded before the next one.
//
// A code cache is code: it is read only from a private directory (private-files.ts), and it is
// named after the bundle's path, the node version and the file's size, time and inode, because V8
// itself checks only its version, its flags and the source's length before using one.

/** How runWithCodeCache ran the bundle. */
export interface CodeCacheRun {
  /** Whether V8 compiled it from a code cache. */
  cached: boolean
  /** Whether a new code cache will be written at exit. */
  saving: boolean
}

/**
 * Runs the CommonJS bundle `file` as require() would, compiled with the V8 code cache in
 * `cacheDir` when there is a usable one (that directory and the one above it private); when there
 * is none, or V8 refused it, writes one at exit (however the process exits, even from inside the
 * bundle), so that it holds every function the run compiled. Without `cacheDir`, or when anything
 * about the cache fails, it just compiles.
 */
export function runWithCodeCache(file: string, cacheDir: string | undefined): CodeCacheRun {
  const fd = openSync(file, 'r')
  let source: string
  let cacheFile: string | undefined
  try {
    const stats = fstatSync(fd)
    source = readFileSync(fd, 'utf8')
    const id = [process.version, process.arch, stats.size, Math.trunc(stats.mtimeMs), stats.ino].join('-')
    if (cacheDir) cacheFile = join(cacheDir, `${prefixOf(file)}${id}.bin`)
  } finally {
    closeSync(fd)
  }
  let cachedData: Buffer | undefined
  if (cacheFile) {
    try {
      // The helper's cache directory above it too, as for cache.json and the log.
      checkPrivateDir(dirname(cacheDir!))
      checkPrivateDir(cacheDir!)
      cachedData = readPrivateFile(cacheFile)
    } catch {
      // Missing, or not ours: compile from source.
    }
  }
  // The wrapper CommonJS gives every module, so the bundle sees what it would under require().
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    cachedData
  })
  const cached = cachedData !== undefined && !script.cachedDataRejected
  const saving = cacheFile !== undefined && !cached
  if (saving) process.once('exit', () => saveCodeCache(cacheFile!, prefixOf(file), script))
  const module = { exports: {}, filename: file, id: file, loaded: false }
  const run = script.runInThisContext() as (...args: unknown[]) => void
  run.call(module.exports, module.exports, createRequire(file), module, file, dirname(file))
  return { cached, saving }
}

/**
 * `helper-<hash of the bundle's path>-`: the caches of one installed helper share it, so a new
 * build or node replaces its own old cache and never another installation's.
 */
function prefixOf(bundle: string): string {
  // FNV-1a: a file name, not a secret.
  let hash = 0x811c9dc5
  for (let i = 0; i < bundle.length; i++) hash = Math.imul(hash ^ bundle.charCodeAt(i), 0x01000193)
  return `helper-${(hash >>> 0).toString(36)}-`
}

/** Writes the script's code cache (0600, atomically) and removes the ones it replaces. */
function saveCodeCache(file: string, prefix: string, script: Script): void {
  try {
    const dir = dirname(file)
    makePrivateDir(dirname(dir))
    makePrivateDir(dir)
    writePrivate(file, script.createCachedData())
    for (const name of readdirSync(dir)) {
      if (name.startsWith(prefix) && name.endsWith('.bin') && name !== basename(file))
        unlinkSync(join(dir, name))
    }
  } catch {
    // A read-only home or a full disk: the next run compiles from source again.
  }
}

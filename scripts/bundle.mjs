// Builds one ncc bundle per entry: dist/main (login), dist/post (logout, no AWS SDK) and
// dist/helper (docker-credential-ecr-login, plus launchers for PATH).
// ncc splits the SDK's dynamic imports into chunks, so main loads a client only when it calls it
// and the helper only when its cache cannot answer.
import { chmodSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import ncc from '@vercel/ncc'

// The helper is found by name on PATH (docker runs `docker-credential-ecr-login`), so dist/helper
// carries launchers. The POSIX one is node itself through its shebang (`env` execs node in the
// same process: no shell on the hot path); node resolves the launcher's real path, so a symlink
// to it on PATH still finds index.js beside it.
const POSIX_LAUNCHER = `#!/usr/bin/env node
// docker-credential-ecr-login: runs the bundled helper (index.js beside this file).
require('./index.js')
`
// The Windows one finds node as `env` does: the first node.exe in a PATH directory. A bare `node`
// would first try the current directory (cmd.exe looks there before PATH) and any PATHEXT name,
// so a node.cmd or node.bat in the directory docker was started from would run instead.
const WINDOWS_LAUNCHER = [
  '@setlocal',
  '@for %%I in (node.exe) do @set "ECR_LOGIN_NODE=%%~$PATH:I"',
  '@if not defined ECR_LOGIN_NODE (echo docker-credential-ecr-login: node.exe was not found on PATH 1>&2 & exit /b 1)',
  '@"%ECR_LOGIN_NODE%" "%~dp0index.js" %*',
  ''
].join('\r\n')

/**
 * One CommonJS bundle through ncc's API (its CLI would make ES modules, as package.json says "type": "module"):
 * node loads a CommonJS file without the ES module loader's resolve, link and import.meta work, for the entry and
 * for each chunk it loads. `sdkModules`: resolve packages through their "module" field first, so that the AWS SDK
 * comes in as its ES modules (dist-es), one file per command and per credential provider, instead of one
 * CommonJS file per package: the bundler then leaves out the commands nothing calls, and the providers the
 * default chain imports only when it gets to them (INI, SSO, process, metadata, web identity, and the STS and
 * SSO clients they bring) become chunks of their own, loaded by the runs that need them. The SDK's two core
 * packages need tsconfig.bundle.json's paths for the same (their exports put the CommonJS build first).
 * The helper keeps the CommonJS SDK: its hot path loads none of it.
 */
async function buildCommonJs(entry, out, filename, { sdkModules = false, lazy = [] } = {}) {
  // ncc's paths plugin reads the tsconfig that TS_NODE_PROJECT names (an absolute path), else tsconfig.json.
  if (sdkModules) process.env.TS_NODE_PROJECT = join(process.cwd(), 'tsconfig.bundle.json')
  else delete process.env.TS_NODE_PROJECT
  const { code, assets } = await ncc(join(process.cwd(), entry), {
    esm: false,
    filename,
    minify: true,
    license: 'licenses.txt',
    target: 'es2022',
    transpileOnly: true,
    quiet: true,
    ...(sdkModules ? { mainFields: ['module', 'main'] } : {}),
    // Each lazy builtin's imports become a require of its stand-in beside the bundle (lazyBuiltin).
    externals: Object.fromEntries(lazy.map(name => [name, `./${LAZY_PREFIX}${name}.js`]))
  })
  for (const name of lazy) {
    if (!code.includes(`require("./${LAZY_PREFIX}${name}.js")`)) {
      throw new Error(`${entry}: nothing imports ${name} any more; take it out of LAZY_BUILTINS`)
    }
    writeFileSync(`${out}/${LAZY_PREFIX}${name}.js`, lazyBuiltin(name))
  }
  writeFileSync(`${out}/${filename}`, code)
  for (const [name, asset] of Object.entries(assets)) {
    mkdirSync(dirname(`${out}/${name}`), { recursive: true })
    writeFileSync(`${out}/${name}`, asset.source)
  }
}

// Node builtins an entry imports at start-up (through a library) but seldom uses, loaded there on first use instead.
// @actions/core imports `crypto` at its top for one call, randomUUID (the delimiter of a file command's value:
// setOutput, saveState, exportVariable), which post and the logout sub-action make only in rare paths; loading
// crypto costs about 6 ms of node's start-up in every post step (npm run bench). Main needs it for TLS anyway.
const LAZY_BUILTINS = { post: ['crypto'], logout: ['crypto'] }
const LAZY_PREFIX = 'lazy-'

/**
 * The stand-in for a builtin (an ncc external: the bundle requires this file for it): every property is read from
 * the real module, which is loaded on the first read. The bundler reads a builtin's namespace only by property
 * (`crypto.randomUUID()`), and the file check above fails the build if no import is left to map.
 */
function lazyBuiltin(name) {
  return [
    `'use strict'`,
    `// node:${name}, loaded on first use (scripts/bundle.mjs, LAZY_BUILTINS).`,
    `let real`,
    `const load = () => (real ??= require('node:${name}'))`,
    `module.exports = new Proxy(Object.create(null), {`,
    `  get: (_, key) => load()[key],`,
    `  has: (_, key) => key in load(),`,
    `  ownKeys: () => Reflect.ownKeys(load()),`,
    `  getOwnPropertyDescriptor: (_, key) => {`,
    `    const descriptor = Reflect.getOwnPropertyDescriptor(load(), key)`,
    `    return descriptor && { ...descriptor, configurable: true }`,
    `  }`,
    `})`,
    ``
  ].join('\n')
}

/** An action entry (main, post, logout) from src/<source>.ts: dist/<entry>/index.js and its chunks. */
async function buildAction(entry, source, out) {
  mkdirSync(out, { recursive: true })
  await buildCommonJs(`src/${source}.ts`, out, 'index.js', { sdkModules: true, lazy: LAZY_BUILTINS[entry] })
  writeFileSync(`${out}/package.json`, '{\n  "type": "commonjs"\n}\n')
}

/**
 * The helper, as CommonJS (buildCommonJs). Two bundles: index.js, a small loader, runs main.js, the program,
 * from a V8 code cache (src/helper/code-cache.ts), so main.js is its own file, with its own chunks.
 */
async function buildHelper(out) {
  mkdirSync(out, { recursive: true })
  for (const [entry, filename] of [
    ['src/helper/index.ts', 'index.js'],
    ['src/helper/main.ts', 'main.js']
  ]) {
    await buildCommonJs(entry, out, filename)
  }
  writeFileSync(`${out}/package.json`, '{\n  "type": "commonjs"\n}\n')
  writeFileSync(`${out}/docker-credential-ecr-login`, POSIX_LAUNCHER)
  chmodSync(`${out}/docker-credential-ecr-login`, 0o755)
  writeFileSync(`${out}/docker-credential-ecr-login.cmd`, WINDOWS_LAUNCHER)
}

// dist/<entry> is built from src/<entry>.ts, but dist/logout (the logout sub-action) from src/logout-now.ts.
const SOURCES = { logout: 'logout-now' }
const entries = process.argv.slice(2).length ? process.argv.slice(2) : ['main', 'post', 'logout', 'helper']
for (const entry of entries) {
  // Build beside the old bundle and swap it in, so a test running meanwhile never sees half a dist/.
  const out = `dist/.${entry}.next`
  rmSync(out, { recursive: true, force: true })
  if (entry === 'helper') await buildHelper(out)
  else await buildAction(entry, SOURCES[entry] ?? entry, out)
  rmSync(`dist/${entry}`, { recursive: true, force: true })
  renameSync(out, `dist/${entry}`)
}

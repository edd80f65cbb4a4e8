import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { chmod, readFile, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { findExecutable } from './world.js'

/** One invocation seen by the `fakeDocker` shim. */
export interface DockerCall {
  /** Arguments after `docker`. */
  argv: string[]
  /** What the shim read from stdin; it reads stdin only for `--password-stdin`, else null. */
  stdin: string | null
  /** DOCKER_CONFIG as the call saw it, or null. */
  dockerConfig: string | null
  cwd: string
}

/** Result of `docker`. */
export interface DockerResult {
  code: number
  stdout: string
  stderr: string
}

const CALLS = 'docker-calls.jsonl'

// CommonJS with an explicit .cjs name, so that node never reads it as ESM whatever package.json is around it.
const SHIM = `'use strict'
const { spawn } = require('node:child_process')
const { accessSync, appendFileSync, constants, readFileSync, realpathSync, statSync } = require('node:fs')
const { delimiter, join } = require('node:path')
const here = __DIR__
const fallback = __FALLBACK__
const argv = process.argv.slice(2)
// Reading stdin otherwise could hang: a caller that passes no input may leave the pipe open.
const stdin = argv.includes('--password-stdin') ? readFileSync(0, 'utf8') : null
const call = { argv, stdin, dockerConfig: process.env.DOCKER_CONFIG ?? null, cwd: process.cwd() }
appendFileSync(join(here, ${JSON.stringify(CALLS)}), JSON.stringify(call) + '\\n')
const real = (p => { try { return realpathSync(p) } catch { return p } })
const self = real(here)
let docker = fallback
for (const dir of (process.env.PATH || '').split(delimiter)) {
  if (!dir || real(dir) === self) continue
  try {
    accessSync(join(dir, 'docker'), constants.X_OK)
    if (statSync(join(dir, 'docker')).isFile()) { docker = join(dir, 'docker'); break }
  } catch {}
}
const child = spawn(docker, argv, { stdio: [stdin === null ? 'inherit' : 'pipe', 'inherit', 'inherit'] })
if (stdin !== null) child.stdin.end(stdin)
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => child.kill(sig))
child.on('error', e => { process.stderr.write('fake docker: ' + e.message + '\\n'); process.exit(127) })
child.on('exit', (code, signal) => process.exit(code ?? 128 + (require('node:os').constants.signals[signal] || 1)))
`

/**
 * Writes an executable `docker` into `dir` that records each call (argv, stdin, DOCKER_CONFIG, cwd) in
 * `dir/docker-calls.jsonl` and then runs the real docker with the same arguments and stdin. Put `dir` first on PATH.
 */
export async function fakeDocker(dir: string): Promise<string> {
  const abs = resolve(dir)
  const fallback = findExecutable('docker', [abs]) ?? 'docker'
  const shim = join(abs, 'docker-shim.cjs')
  await writeFile(
    shim,
    SHIM.replace('__DIR__', () => JSON.stringify(abs)).replace('__FALLBACK__', () => JSON.stringify(fallback))
  )
  const launcher = join(abs, 'docker')
  await writeFile(launcher, `#!/bin/sh\nexec ${shellQuote(process.execPath)} ${shellQuote(shim)} "$@"\n`)
  await chmod(launcher, 0o755)
  await writeFile(join(abs, CALLS), '', { flag: 'a' })
  return launcher
}

/** The calls recorded by the `fakeDocker` in `dir`, oldest first. */
export async function readDockerCalls(dir: string): Promise<DockerCall[]> {
  const text = await readFile(join(dir, CALLS), 'utf8').catch(() => '')
  return text
    .split('\n')
    .filter(line => line.trim() !== '')
    .map(line => JSON.parse(line) as DockerCall)
}

/** Runs the docker CLI (DOCKER_HOST from the environment) with DOCKER_CONFIG=`configDir` when given. */
export function docker(
  args: readonly string[],
  opts: { configDir?: string; input?: string | Buffer; env?: Record<string, string | undefined> } = {}
): Promise<DockerResult> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env }
  if (opts.configDir) env.DOCKER_CONFIG = opts.configDir
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]
  return new Promise((resolvePromise, reject) => {
    const child = spawn('docker', args, { env, stdio: ['pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', reject)
    child.on('close', code => resolvePromise({ code: code ?? 1, stdout, stderr }))
    child.stdin.on('error', () => undefined)
    child.stdin.end(opts.input ?? '')
  })
}

/** Creates a one-file image named `tag` with `docker import`; each call makes a different image. */
export async function importImage(tag: string, opts: { configDir?: string } = {}): Promise<void> {
  const tar = tarball({ 'hello.txt': `${tag} ${randomBytes(8).toString('hex')}\n` })
  const result = await docker(['import', '-', tag], { configDir: opts.configDir, input: tar })
  if (result.code !== 0) throw new Error(`docker import ${tag} failed: ${result.stderr.trim()}`)
}

/** A ustar archive of regular files, enough for `docker import`. */
export function tarball(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = []
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text)
    const header = Buffer.alloc(512)
    header.write(name, 0, 100)
    header.write('0000644\0', 100)
    header.write('0000000\0', 108)
    header.write('0000000\0', 116)
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124)
    header.write(
      `${Math.floor(Date.now() / 1000)
        .toString(8)
        .padStart(11, '0')}\0`,
      136
    )
    header.write('        ', 148)
    header.write('0', 156)
    header.write('ustar\0', 257)
    header.write('00', 263)
    const sum = header.reduce((a, b) => a + b, 0)
    header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148)
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  blocks.push(Buffer.alloc(1024))
  return Buffer.concat(blocks)
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`
}

import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ACTION_NODE } from '../__tests__/support/action-runner.js'

// The floor: what the job cannot avoid, done with plain code. A node process for each step (`node -e 0`), one
// signed GetAuthorizationToken per region (all at once, each on a new TLS connection, no SDK: floor-api.mjs), one
// docker login per registry (all at once, each against its own config dir, the password on stdin), and one
// docker logout each.

/** An access key the emulator accepts. */
export interface Key {
  accessKeyId: string
  secretAccessKey: string
}

/** Elapsed milliseconds of `work`. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now()
  const value = await work()
  return { ms: performance.now() - start, value }
}

/** Runs a command to completion; resolves with its exit code and output. */
export function run(
  cmd: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: options.env ?? process.env, cwd: options.cwd })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', reject)
    child.on('close', code => resolve({ code: code ?? 1, stdout, stderr }))
    child.stdin.on('error', () => undefined)
    child.stdin.end(options.input ?? '')
  })
}

/** Wall time of `node -e 0` in `env`. */
export async function nodeStart(env: NodeJS.ProcessEnv): Promise<number> {
  const { ms, value } = await timed(() => run(ACTION_NODE, ['-e', '0'], { env }))
  if (value.code !== 0) throw new Error(`node -e 0 failed: ${value.stderr}`)
  return ms
}

const FLOOR_API = fileURLToPath(new URL('./floor-api.mjs', import.meta.url))

/**
 * The floor's API part: one signed call per region, concurrently, in a fresh node process (bench/floor-api.mjs),
 * timed from inside it. Resolves with the time and a password for the logins.
 */
export async function floorApi(
  byRegion: Map<string, string[]>,
  key: Key,
  caFile: string,
  env: NodeJS.ProcessEnv
): Promise<{ ms: number; password: string }> {
  const result = await run(ACTION_NODE, [FLOOR_API], {
    env: {
      ...env,
      FLOOR_CALLS: JSON.stringify([...byRegion]),
      FLOOR_KEY: JSON.stringify(key),
      FLOOR_CA: caFile
    }
  })
  if (result.code !== 0) throw new Error(`floor: the signed API calls failed: ${result.stderr.trim()}`)
  return JSON.parse(result.stdout) as { ms: number; password: string }
}

/** Config dirs, one per registry, for one round of logins and logouts. */
export async function configDirs(root: string, count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, () => mkdtemp(join(root, 'floor-docker-'))))
}

/** `docker login` to every host at once, each with its own DOCKER_CONFIG, the password on stdin. */
export async function floorLogins(
  hosts: string[],
  dirs: string[],
  password: string,
  env: NodeJS.ProcessEnv
): Promise<number> {
  const { ms, value } = await timed(() =>
    Promise.all(
      hosts.map((host, i) =>
        run('docker', ['login', '--username', 'AWS', '--password-stdin', host], {
          env: { ...env, DOCKER_CONFIG: dirs[i] },
          input: password
        })
      )
    )
  )
  const failed = value.find(r => r.code !== 0)
  if (failed) throw new Error(`floor: docker login failed: ${failed.stderr.trim()}`)
  return ms
}

/** `docker logout` of every host at once, each in the config dir it was logged into. */
export async function floorLogouts(hosts: string[], dirs: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { ms, value } = await timed(() =>
    Promise.all(
      hosts.map((host, i) => run('docker', ['logout', host], { env: { ...env, DOCKER_CONFIG: dirs[i] } }))
    )
  )
  const failed = value.find(r => r.code !== 0)
  if (failed) throw new Error(`floor: docker logout failed: ${failed.stderr.trim()}`)
  return ms
}

/** Removes the config dirs of a round. */
export async function removeDirs(dirs: string[]): Promise<void> {
  await Promise.all(dirs.map(d => rm(d, { recursive: true, force: true })))
}

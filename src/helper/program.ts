import module from 'node:module'
import { join } from 'node:path'
import pkg from '../../package.json'
import { cacheDirOf, cacheDisabled } from './cache-dir.js'
import { openCache } from './cache.js'
import { runCli } from './cli.js'
import { ecrCredentials, resolveAccessKeyId } from './credentials.js'
import { captureConsole, captureWarnings, fileLog, logFileOf, type Log } from './log.js'
import { makePrivateDir } from './private-files.js'
import { readRegistryMap } from './registry-map.js'
import { readStdin, writeStdout } from './stdio.js'

/**
 * The whole helper: every action, and every `get` that cached-get.ts could not answer. `stdin` is
 * what that already read, if anything. Exits the process with the protocol's exit code.
 */
export async function runProgram(stdin?: string): Promise<never> {
  const env = process.env
  const dir = cacheDirOf(env)
  const log = fileLog(logFileOf(dir))
  captureWarnings(log)
  captureConsole(log)
  if (!cacheDisabled(env)) enableCompileCache(dir, log)
  let keyId: Promise<string | undefined> | undefined
  const accessKeyId = () => (keyId ??= resolveAccessKeyId(env, log))

  let map: ReturnType<typeof readRegistryMap> | undefined
  let streamed = false
  const code = await runCli({
    argv: process.argv.slice(2),
    readStdin: async () => stdin ?? readStdin(),
    stdout: text => {
      try {
        streamed = writeStdout(text) || streamed
      } catch {
        // The reader went away (EPIPE): nothing left to tell it.
      }
    },
    env,
    version: pkg.version,
    log,
    credentials: ecrCredentials({
      // aws.ts, its proxy agents and the SDK load only when the cache cannot answer.
      ecrFor: async (api, options) => (await import('../ecr/aws.js')).createEcrApi(api, options),
      cache: openCache(env, { accessKeyId, log }),
      accessKeyId,
      env,
      now: () => new Date(),
      log,
      registries: () => (map ??= readRegistryMap(env, message => log.info(message))),
      // STS and the profile code load only for an item of the registries file that has an identity.
      credentialsFor: async (identity, region) =>
        (await import('../ecr/identities.js')).resolveIdentity(identity, {
          region,
          env,
          setSecret: value => log.secret(value),
          api: { proxy: { env }, debug: message => log.debug(message) }
        })
    })
  })
  // Exit now, not when idle keep-alive sockets close (or a request past its deadline gives up),
  // which would hold docker waiting; if stdout fell back to the stream, once it has flushed.
  if (streamed) process.stdout.write('', () => process.exit(code))
  else process.exit(code)
  return new Promise<never>(() => {})
}

/**
 * Node's compile cache (node >= 22.1) for the code a miss loads (the AWS SDK: about 1 MB), kept
 * in the helper's own cache directory, private like it. Node keys each entry by its node version
 * and the source's hash, so a stale or foreign one is never used.
 */
function enableCompileCache(cacheDir: string, log: Log): void {
  const enable = (module as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache
  if (!enable) return
  try {
    const dir = join(cacheDir, 'compile-cache')
    makePrivateDir(cacheDir)
    makePrivateDir(dir)
    enable(dir)
  } catch (error) {
    log.debug(`No compile cache: ${(error as Error).message}`)
  }
}

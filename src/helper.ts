import { readFileSync } from 'node:fs'
import pkg from '../package.json'
import { cacheDirOf, openCache } from './helper/cache.js'
import { runCli } from './helper/cli.js'
import { ecrCredentials, resolveAccessKeyId } from './helper/credentials.js'
import { captureWarnings, fileLog, logFileOf } from './helper/log.js'
import { writeStdout } from './stdout.js'

const env = process.env
const log = fileLog(logFileOf(cacheDirOf(env)))
captureWarnings(log)
let keyId: Promise<string | undefined> | undefined
const accessKeyId = () => (keyId ??= resolveAccessKeyId(env, log))

let streamed = false
const code = await runCli({
  argv: process.argv.slice(2),
  // Docker runs the helper once per credential lookup, so start-up is the cost: read and write
  // the fds directly instead of building process.stdin/stdout streams (~10 ms); streams only
  // if a descriptor is non-blocking (EAGAIN).
  readStdin: async () => {
    try {
      return readFileSync(0, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
      const chunks: Buffer[] = []
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
      return Buffer.concat(chunks).toString('utf8')
    }
  },
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
    ecrFor: async (api, options) => (await import('./aws.js')).createEcrApi(api, options),
    cache: openCache(env, { accessKeyId, log }),
    accessKeyId,
    env,
    now: () => new Date(),
    log
  })
})
// Exit now, not when idle keep-alive sockets close, which would hold docker waiting; if stdout
// fell back to the stream, once it has flushed.
if (streamed) process.stdout.write('', () => process.exit(code))
else process.exit(code)

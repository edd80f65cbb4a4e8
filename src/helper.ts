import pkg from '../package.json'
import { cacheDirOf, openCache } from './helper/cache.js'
import { runCli } from './helper/cli.js'
import { ecrCredentials, resolveAccessKeyId } from './helper/credentials.js'
import { captureWarnings, fileLog, logFileOf } from './helper/log.js'

const env = process.env
const log = fileLog(logFileOf(cacheDirOf(env)))
captureWarnings(log)
let keyId: Promise<string | undefined> | undefined
const accessKeyId = () => (keyId ??= resolveAccessKeyId(env, log))

const code = await runCli({
  argv: process.argv.slice(2),
  readStdin: async () => {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
  stdout: text => process.stdout.write(text),
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
// Exit once stdout is flushed: idle keep-alive sockets must not hold docker waiting. A reader
// that went away (EPIPE) must not turn into a stack trace on stderr.
process.stdout.on('error', () => process.exit(code))
process.stdout.write('', () => process.exit(code))

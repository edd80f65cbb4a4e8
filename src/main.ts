import { enableCompileCache } from './compile-cache.js'
import { preconnect } from './ecr/api-connection.js'
import { cliClients } from './clients/cli.js'
import { finish } from './errors.js'
import { login } from './login.js'
import { recordingRunner } from './login-record.js'
import { actionsRunner } from './runner.js'
import { exitFlushed, exitOnSignals } from './shutdown.js'

const env = process.env
// Before any chunk loads: on a self-hosted runner the SDK's compiled code is kept between jobs.
enableCompileCache(env)
exitOnSignals(actionsRunner)
// A promise chain rather than top-level await: the bundle is CommonJS (scripts/bundle.mjs).
// The SDK, aws.ts and the helper's cache code load only when a run needs them: after the inputs
// are valid, and (for the cache) only in credential-helper mode.
void finish(actionsRunner, () =>
  login({
    // Every state main saves also goes into a record the logout sub-action can find.
    runner: recordingRunner(actionsRunner, env),
    clients: cliClients,
    ecrFor: async (api, options) => (await import('./ecr/aws.js')).createEcrApi(api, options),
    now: () => new Date(),
    env,
    preconnect: url => preconnect(url, env),
    helper: {
      accessKeyId: async () => (await import('./helper/credentials.js')).resolveAccessKeyId(env),
      primeCache: async (dir, accessKeyId, grants, now) =>
        (await import('./helper/cache.js')).primeCache(dir, accessKeyId, grants, now)
    }
  })
).then(() => exitFlushed())

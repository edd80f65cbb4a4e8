import { cliDocker } from './docker.js'
import { finish } from './errors.js'
import { login } from './login.js'
import { actionsRunner } from './runner.js'

const env = process.env
// The SDK, aws.ts and the helper's cache code load only when a run needs them: after the inputs
// are valid, and (for the cache) only in credential-helper mode.
await finish(actionsRunner, () =>
  login({
    runner: actionsRunner,
    docker: cliDocker(),
    ecrFor: async (api, options) => (await import('./aws.js')).createEcrApi(api, options),
    now: () => new Date(),
    env,
    helper: {
      accessKeyId: async () => (await import('./helper/credentials.js')).resolveAccessKeyId(env),
      primeCache: async (dir, accessKeyId, grants, now) =>
        (await import('./helper/cache.js')).primeCache(dir, accessKeyId, grants, now)
    }
  })
)

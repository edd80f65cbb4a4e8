import { cliDocker } from './docker.js'
import { finish } from './errors.js'
import { cacheDirOf, primeCache } from './helper/cache.js'
import { resolveAccessKeyId } from './helper/credentials.js'
import { login } from './login.js'
import { actionsRunner } from './runner.js'

const env = process.env
await finish(actionsRunner, () =>
  login({
    runner: actionsRunner,
    docker: cliDocker(),
    // aws.ts and its proxy agents load with the SDK, after the inputs are known to be valid.
    ecrFor: async (api, options) => (await import('./aws.js')).createEcrApi(api, options),
    now: () => new Date(),
    env,
    helper: { accessKeyId: () => resolveAccessKeyId(env), primeCache, cacheDir: cacheDirOf(env) }
  })
)

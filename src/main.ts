import { createEcrApi } from './aws.js'
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
    ecrFor: createEcrApi,
    now: () => new Date(),
    env,
    helper: { accessKeyId: () => resolveAccessKeyId(env), primeCache, cacheDir: cacheDirOf(env) }
  })
)

import { createEcrApi } from './aws.js'
import { cliDocker } from './docker.js'
import { finish } from './errors.js'
import { login } from './login.js'
import { actionsRunner } from './runner.js'

await finish(actionsRunner, () =>
  login({
    runner: actionsRunner,
    docker: cliDocker(),
    ecrFor: createEcrApi,
    now: () => new Date(),
    env: process.env
  })
)

import { cliDocker } from './docker.js'
import { finish } from './errors.js'
import { logout } from './logout.js'
import { actionsRunner } from './runner.js'

await finish(actionsRunner, () => logout({ runner: actionsRunner, docker: cliDocker() }))

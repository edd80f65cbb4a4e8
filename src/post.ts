import { cliDocker } from './docker.js'
import { finish } from './errors.js'
import { logout } from './logout.js'
import { actionsRunner } from './runner.js'
import { exitFlushed, exitOnSignals } from './shutdown.js'

exitOnSignals(actionsRunner)
await finish(actionsRunner, () => logout({ runner: actionsRunner, docker: cliDocker() }))
exitFlushed()

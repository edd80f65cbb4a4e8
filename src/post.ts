import { cliClients } from './clients/cli.js'
import { finish } from './errors.js'
import { logout } from './logout.js'
import { actionsRunner } from './runner.js'
import { exitFlushed, exitOnSignals } from './shutdown.js'

exitOnSignals(actionsRunner)
void finish(actionsRunner, () =>
  logout({ runner: actionsRunner, clients: cliClients, env: process.env })
).then(() => exitFlushed())

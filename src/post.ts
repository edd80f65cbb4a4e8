import { cliClients } from './clients/cli.js'
import { postAfterLogoutStep } from './early-logout.js'
import { finish } from './errors.js'
import { logout } from './logout.js'
import { actionsRunner } from './runner.js'
import { exitFlushed, exitOnSignals } from './shutdown.js'

exitOnSignals(actionsRunner)
// The logout sub-action may have left nothing to do (early-logout.ts); post checks for itself.
// No top-level await: the bundle is CommonJS (scripts/bundle.mjs).
void finish(actionsRunner, () =>
  postAfterLogoutStep({ runner: actionsRunner, clients: cliClients, env: process.env }, logout)
).then(() => exitFlushed())

import { cliClients } from './clients/cli.js'
import { logoutNow } from './early-logout.js'
import { finish } from './errors.js'
import { actionsRunner } from './runner.js'
import { exitFlushed, exitOnSignals } from './shutdown.js'

// The logout sub-action (logout/action.yml): logs out now of what this job's login steps recorded.
exitOnSignals(actionsRunner)
// No top-level await: the bundle is CommonJS (scripts/bundle.mjs).
void finish(actionsRunner, () =>
  logoutNow({ runner: actionsRunner, clients: cliClients, env: process.env, now: () => new Date() })
).then(() => exitFlushed())

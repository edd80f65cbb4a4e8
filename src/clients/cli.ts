import { findOnPath, type ClientFactory } from './client.js'
import { containersClient } from './containers.js'
import { cliDocker } from './docker.js'

/** The real clients: the CLIs found on PATH, each run through the process seam. */
export const cliClients: ClientFactory = {
  locate: (name, path) => findOnPath(name, path),
  create: (name, env) => (name === 'docker' ? cliDocker({ env }) : containersClient(name, { env }))
}

import { envPath, findOnPath, type ClientFactory } from './client.js'
import { containersClient } from './containers.js'
import { cliDocker } from './docker.js'

/**
 * The real clients: the CLIs found on PATH, each run through the process seam by the path found
 * once here, so that exec does not search PATH again for every login and logout.
 */
export const cliClients: ClientFactory = {
  locate: (name, path) => findOnPath(name, path),
  create: (name, env, options = {}) => {
    const program = findOnPath(name, envPath(env))
    return name === 'docker'
      ? cliDocker({ ...options, env, program })
      : containersClient(name, { env, program })
  }
}

import * as core from '@actions/core'

/** The slice of @actions/core the action uses, so tests can drive login/logout with a plain object. */
export interface Runner {
  getInput(name: string): string
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  setSecret(value: string): void
  addPath(dir: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
  setFailed(message: string): void
}

/** The real runner: workflow commands and file commands through @actions/core. */
export const actionsRunner: Runner = {
  // Inputs are trimmed by us where it matters (registries entries), so keep the raw value here.
  getInput: name => core.getInput(name, { trimWhitespace: false }),
  setOutput: (name, value) => core.setOutput(name, value),
  saveState: (name, value) => core.saveState(name, value),
  getState: name => core.getState(name),
  setSecret: value => core.setSecret(value),
  addPath: dir => core.addPath(dir),
  info: message => core.info(message),
  warning: message => core.warning(message),
  error: message => core.error(message),
  debug: message => core.debug(message),
  setFailed: message => core.setFailed(message)
}

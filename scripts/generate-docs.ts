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
import { parse as parseYaml } from 'yaml'

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

/** An entry of `inputs:` or `outputs:` as the YAML parser gives it. */
interface RawField {
  description?: unknown
  default?: unknown
  required?: unknown
}

/** The `inputs:` and `outputs:` maps of action.yml, read by a YAML parser (eemeli's `yaml`). */
function parseAction(text: string): ActionDoc {
  const doc = parseYaml(text) as { inputs?: unknown; outputs?: unknown } | null
  if (typeof doc !== 'object' || doc === null) throw new Error('action.yml: not a YAML mapping')
  return { inputs: readMap(doc.inputs, 'inputs'), outputs: readMap(doc.outputs, 'outputs') }
}

function readMap(map: unknown, section: string): Field[] {
  if (map === undefined || map === null) return []
  if (typeof map !== 'object' || Array.isArray(map))
    throw new Error(`action.yml: ${section} is not a mapping`)
  return Object.entries(map as Record<string, RawField | null>).map(([name, raw]) => {
    const field: Field = {
      name,
      description: scalar(raw?.description, `${section}.${name}.description`) ?? ''
    }
    const fallback = scalar(raw?.default, `${section}.${name}.default`)
    if (fallback !== undefined) field.default = fallback
    if (raw?.required !== undefined) field.required = String(raw.required) === 'true'
    return field
  })
}

/** A scalar as the text a table shows (`default: 30` is the string `30`); anything else is an error. */
function scalar(value: unknown, where: string): string | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'object') throw new Error(`action.yml: ${where} is not a scalar`)
  return String(value)
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

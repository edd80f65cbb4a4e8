import { readFileSync } from 'node:fs'
import { OUTPUTS } from '../../src/outputs.js'

const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')

/** The rows of the README's per-registry output table: [registry, output name]. */
function outputRows(): [string, string][] {
  const start = README.indexOf('| Registry ')
  const table = README.slice(start, README.indexOf('\n\n', start)).split('\n').slice(2)
  return table.map(row => {
    const [registry, output] = row
      .split('|')
      .slice(1, 3)
      .map(cell => cell.trim().replace(/^`|`$/g, ''))
    return [registry, output]
  })
}

// Bug: the README's table showed `docker_username_public_ecr_aws` in the password column.
test('the README’s per-registry output table names the password output of each registry', () => {
  const rows = outputRows()
  expect(rows.length).toBeGreaterThanOrEqual(4)
  expect(rows.map(([, output]) => output)).toEqual(rows.map(([registry]) => OUTPUTS.password(registry)))
})

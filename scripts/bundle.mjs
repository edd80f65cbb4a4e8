// Builds one ncc bundle per entry: dist/main (login), dist/post (logout, no AWS SDK).
// ncc splits the SDK's dynamic imports into chunks, so main loads a client only when it calls it.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'

const entries = process.argv.slice(2).length ? process.argv.slice(2) : ['main', 'post']
for (const entry of entries) {
  rmSync(`dist/${entry}`, { recursive: true, force: true })
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      `src/${entry}.ts`,
      '-o',
      `dist/${entry}`,
      '--minify',
      '--license',
      'licenses.txt',
      '--target',
      'es2022',
      '--transpile-only',
      '-q'
    ],
    { stdio: 'inherit' }
  )
}

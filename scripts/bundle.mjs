// Builds one ncc bundle per entry: dist/main (login), dist/post (logout, no AWS SDK) and
// dist/helper (docker-credential-ecr-login, plus launchers for PATH).
// ncc splits the SDK's dynamic imports into chunks, so main loads a client only when it calls it
// and the helper only when its cache cannot answer.
import { execFileSync } from 'node:child_process'
import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs'

// The helper is found by name on PATH (docker runs `docker-credential-ecr-login`), so dist/helper
// carries launchers: a POSIX one that follows symlinks to find index.js, and one for Windows.
const POSIX_LAUNCHER = `#!/bin/sh
# docker-credential-ecr-login: runs the bundled helper (index.js beside this file) with node.
self=$(readlink -f "$0" 2>/dev/null) || self=$0
[ -n "$self" ] || self=$0
dir=$(dirname "$self")
exec node "$dir/index.js" "$@"
`
const WINDOWS_LAUNCHER = '@node "%~dp0index.js" %*\r\n'

const entries = process.argv.slice(2).length ? process.argv.slice(2) : ['main', 'post', 'helper']
for (const entry of entries) {
  // Build beside the old bundle and swap it in, so a test running meanwhile never sees half a dist/.
  const out = `dist/.${entry}.next`
  rmSync(out, { recursive: true, force: true })
  execFileSync(
    'npx',
    [
      'ncc',
      'build',
      `src/${entry}.ts`,
      '-o',
      out,
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
  if (entry === 'helper') {
    writeFileSync(`${out}/docker-credential-ecr-login`, POSIX_LAUNCHER)
    chmodSync(`${out}/docker-credential-ecr-login`, 0o755)
    writeFileSync(`${out}/docker-credential-ecr-login.cmd`, WINDOWS_LAUNCHER)
  }
  rmSync(`dist/${entry}`, { recursive: true, force: true })
  renameSync(out, `dist/${entry}`)
}

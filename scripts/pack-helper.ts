// Packs docker-credential-ecr-login as an npm package tarball, from the committed bundle in
// dist/helper: `npm install --global docker-credential-ecr-login-<version>.tgz` puts it on PATH.
// The bundle holds all its code, so the package has no dependencies and installs offline. Its
// `bin` is a plain CommonJS file with a node shebang: npm links it on POSIX and writes .cmd/.ps1
// shims for it on Windows, so it runs wherever node does.
// Usage: tsx scripts/pack-helper.ts [output directory, default .]  → prints the tarball's path.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const PACKAGE_NAME = 'docker-credential-ecr-login'
const BIN = 'docker-credential-ecr-login.js'
/** dist/helper's own launchers and package.json: the package brings its own, and npm makes the shims. */
const LEFT_OUT = new Set(['package.json', 'docker-credential-ecr-login', 'docker-credential-ecr-login.cmd'])

/** Stages the package from `root`'s dist/helper in `dir` and returns its manifest. */
export function stageHelperPackage(root: string, dir: string): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, string>
  const helper = join(root, 'dist', 'helper')
  for (const name of readdirSync(helper)) {
    if (!LEFT_OUT.has(name)) cpSync(join(helper, name), join(dir, name), { recursive: true })
  }
  writeFileSync(
    join(dir, BIN),
    '#!/usr/bin/env node\n' +
      '// docker-credential-ecr-login, installed by npm: runs the bundled helper beside this file.\n' +
      "require('./index.js')\n"
  )
  cpSync(join(root, 'LICENSE'), join(dir, 'LICENSE'))
  writeFileSync(
    join(dir, 'README.md'),
    `# ${PACKAGE_NAME}\n\nThe Amazon ECR Docker credential helper of ecr-login ${pkg.version}, compatible with ` +
      `the Go helper: set \`"credsStore": "ecr-login"\` or \`"credHelpers": {"<registry>": "ecr-login"}\` in ` +
      `~/.docker/config.json. See ${'https://github.com/owner/ecr-login#the-credential-helper'}.\n`
  )
  const manifest = {
    name: PACKAGE_NAME,
    version: pkg.version,
    description: 'Docker credential helper for Amazon ECR Private and ECR Public (ecr-login)',
    license: pkg.license,
    homepage: 'https://github.com/owner/ecr-login#the-credential-helper',
    // CommonJS: node loads the bundle without its ES module loader (see scripts/bundle.mjs).
    type: 'commonjs',
    bin: { [PACKAGE_NAME]: BIN },
    engines: pkg.engines ?? { node: '>=20' }
  }
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return manifest
}

/** Packs the helper into `outDir` with `npm pack` (offline: nothing to fetch) and returns the tarball's path. */
export function packHelper(root: string, outDir: string): string {
  const stage = mkdtempSync(join(tmpdir(), 'ecr-login-helper-package-'))
  try {
    stageHelperPackage(root, stage)
    mkdirSync(outDir, { recursive: true })
    const out = execFileSync('npm', ['pack', stage, '--pack-destination', outDir, '--json', '--offline'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    const [{ filename }] = JSON.parse(out) as { filename: string }[]
    return join(outDir, filename)
  } finally {
    rmSync(stage, { recursive: true, force: true })
  }
}

if (process.argv[1] && /pack-helper\.ts$/.test(process.argv[1])) {
  console.log(packHelper(process.cwd(), resolve(process.argv[2] ?? '.')))
}

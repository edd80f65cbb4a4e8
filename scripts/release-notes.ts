// The release workflow's checks and notes, runnable here too (`npm run release:notes -- 1.0.0`):
// - the version is X.Y.Z (or X.Y.Z-pre), given as `1.0.0`, `v1.0.0` or `refs/tags/v1.0.0`;
// - package.json has that version (the AWS user agent `ecr-login/<version>` and the helper's
//   `version` are built from it), and the bundled helper in dist/ reports it;
// - CHANGELOG.md has a dated `## [X.Y.Z] - YYYY-MM-DD` section with text, and its link.
// Prints the notes (the section's body) and, with --out, writes them to a file for
// `gh release create --notes-file`. In a workflow it also sets the outputs version, tag and major.
import { execFileSync } from 'node:child_process'
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface Release {
  version: string
  /** vX.Y.Z: the release's own tag. */
  tag: string
  /** vX: the tag that moves to the newest release of the major. */
  major: string
}

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?$/

/** `1.2.3`, `v1.2.3` or `refs/tags/v1.2.3` → the release; throws naming the bad value. */
export function parseVersion(raw: string): Release {
  const version = raw
    .trim()
    .replace(/^refs\/tags\//, '')
    .replace(/^v/, '')
  const match = SEMVER.exec(version)
  if (!match) {
    throw new Error(`'${raw}' is not a release version: give X.Y.Z (or vX.Y.Z), e.g. 1.0.0 or v1.2.3.`)
  }
  return { version, tag: `v${version}`, major: `v${match[1]}` }
}

/**
 * The body of `## [version] - date` in a Keep a Changelog file, trimmed; throws when the section
 * is missing, undated or empty, or its link reference is missing.
 */
export function notesFor(changelog: string, version: string): string {
  const lines = changelog.split(/\r?\n/)
  const escaped = version.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const heading = new RegExp(`^## \\[${escaped}\\](.*)$`)
  const start = lines.findIndex(line => heading.test(line))
  if (start < 0) throw new Error(`CHANGELOG.md has no '## [${version}] - YYYY-MM-DD' section.`)
  const rest = heading.exec(lines[start])![1]
  if (!/^ - \d{4}-\d{2}-\d{2}\s*$/.test(rest)) {
    throw new Error(
      `CHANGELOG.md's section for ${version} has no date: write '## [${version}] - YYYY-MM-DD'.`
    )
  }
  let end = lines.findIndex((line, i) => i > start && (/^## /.test(line) || /^\[[^\]]+\]: /.test(line)))
  if (end < 0) end = lines.length
  const body = lines
    .slice(start + 1, end)
    .join('\n')
    .trim()
  // Headings alone (`### Added` with nothing under it) say nothing either.
  if (!body.split('\n').some(line => line.trim() && !line.startsWith('#'))) {
    throw new Error(`CHANGELOG.md's section for ${version} is empty.`)
  }
  if (!lines.some(line => line.startsWith(`[${version}]: `))) {
    throw new Error(`CHANGELOG.md has no link for ${version}: add '[${version}]: <url of the release>'.`)
  }
  return body
}

/** Every check of a release but the build and the tests (the workflow runs those); returns the notes. */
export function checkRelease(root: string, release: Release, helperVersion: () => string): string {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
  if (pkg.version !== release.version) {
    throw new Error(
      `package.json's version is ${pkg.version}, not ${release.version}: set it (npm version ${release.version} --no-git-tag-version), rebuild dist/ and commit before tagging.`
    )
  }
  const reported = helperVersion()
  if (!reported.includes(` ${release.version}`)) {
    throw new Error(
      `The bundled helper reports '${reported.trim()}', not ${release.version}: run npm run bundle.`
    )
  }
  return notesFor(readFileSync(join(root, 'CHANGELOG.md'), 'utf8'), release.version)
}

function main(argv: string[]): void {
  const outAt = argv.indexOf('--out')
  const out = outAt >= 0 ? argv[outAt + 1] : undefined
  const raw = argv.find((arg, i) => !arg.startsWith('--') && (outAt < 0 || i !== outAt + 1))
  if (!raw) throw new Error('Usage: release-notes.ts <X.Y.Z | vX.Y.Z | refs/tags/vX.Y.Z> [--out notes.md]')
  const root = process.cwd()
  const release = parseVersion(raw)
  const notes = checkRelease(root, release, () =>
    execFileSync(process.execPath, [join(root, 'dist', 'helper', 'index.js'), 'version'], {
      encoding: 'utf8',
      timeout: 10_000
    })
  )
  if (out) writeFileSync(out, `${notes}\n`)
  if (process.env.GITHUB_OUTPUT) {
    appendFileSync(
      process.env.GITHUB_OUTPUT,
      `version=${release.version}\ntag=${release.tag}\nmajor=${release.major}\n`
    )
  }
  console.log(
    `Release ${release.tag} (moves ${release.major}): package.json, the bundled helper and CHANGELOG.md agree.`
  )
  console.log(`--- notes ---\n${notes}\n--- end of notes ---`)
}

if (process.argv[1] && /release-notes\.ts$/.test(process.argv[1])) {
  try {
    main(process.argv.slice(2))
  } catch (error) {
    console.error((error as Error).message)
    process.exitCode = 1
  }
}

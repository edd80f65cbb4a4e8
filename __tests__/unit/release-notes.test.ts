import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkRelease, notesFor, parseVersion } from '../../scripts/release-notes.js'

const CHANGELOG = `# Changelog

## [Unreleased]

## [1.1.0] - 2027-01-02

### Fixed

- A fix.

## [1.0.0] - 2026-12-03

### Added

- Everything.

[Unreleased]: https://example.com/compare/v1.1.0...HEAD
[1.1.0]: https://example.com/releases/tag/v1.1.0
[1.0.0]: https://example.com/releases/tag/v1.0.0
`

describe('parseVersion', () => {
  test.each(['1.2.3', 'v1.2.3', 'refs/tags/v1.2.3'])('%s is release v1.2.3 of major v1', raw => {
    expect(parseVersion(raw)).toEqual({ version: '1.2.3', tag: 'v1.2.3', major: 'v1' })
  })
  test('a pre-release keeps its suffix', () => {
    expect(parseVersion('v2.0.0-rc.1')).toEqual({ version: '2.0.0-rc.1', tag: 'v2.0.0-rc.1', major: 'v2' })
  })
  test.each(['1.2', 'v1', 'main', '01.2.3', '1.2.3 ; rm -rf /'])('%j is refused, named in the error', raw => {
    expect(() => parseVersion(raw)).toThrow(`'${raw}' is not a release version`)
  })
})

describe('notesFor', () => {
  test('the body of the version’s section, up to the next section', () => {
    expect(notesFor(CHANGELOG, '1.1.0')).toBe('### Fixed\n\n- A fix.')
  })
  test('the last section ends at the link references', () => {
    expect(notesFor(CHANGELOG, '1.0.0')).toBe('### Added\n\n- Everything.')
  })
  test('a version with no section, no date, no text or no link is refused', () => {
    expect(() => notesFor(CHANGELOG, '1.2.0')).toThrow("no '## [1.2.0] - YYYY-MM-DD' section")
    expect(() => notesFor(CHANGELOG.replace('[1.1.0] - 2027-01-02', '[1.1.0]'), '1.1.0')).toThrow(
      'has no date'
    )
    expect(() => notesFor(CHANGELOG.replace('- A fix.', ''), '1.1.0')).toThrow('is empty')
    expect(() => notesFor(CHANGELOG.replace(/^\[1\.1\.0\]: .*$/m, ''), '1.1.0')).toThrow('has no link')
  })
})

describe('checkRelease', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'release-notes-'))
    writeFileSync(join(root, 'package.json'), JSON.stringify({ version: '1.1.0' }))
    writeFileSync(join(root, 'CHANGELOG.md'), CHANGELOG)
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  test('package.json, the bundled helper and the changelog agree: the notes', () => {
    const helper = () => 'docker-credential-ecr-login (ecr-login) 1.1.0\n'
    expect(checkRelease(root, parseVersion('v1.1.0'), helper)).toBe('### Fixed\n\n- A fix.')
  })
  test('package.json with another version is refused', () => {
    expect(() => checkRelease(root, parseVersion('v1.0.0'), () => '1.0.0')).toThrow(
      "package.json's version is 1.1.0, not 1.0.0"
    )
  })
  test('a bundled helper built from another version is refused', () => {
    const stale = () => 'docker-credential-ecr-login (ecr-login) 1.0.0\n'
    expect(() => checkRelease(root, parseVersion('1.1.0'), stale)).toThrow('run npm run bundle')
  })
})

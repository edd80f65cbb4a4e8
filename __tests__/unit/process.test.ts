import { execProcess, liveProcessCount, withProcessTimeout } from '../../src/process.js'
import { alive } from '../support/processes.js'

// Real processes, no fakes: this module's whole job is to start and end them. The programs are
// node scripts (this very node), so the tests run alike on Linux, macOS and Windows.
const node = process.execPath
/** A script that starts a child node that waits a minute, prints `<label>:<its pid>`, then waits itself. */
const startsChild = (label: string) =>
  `const c = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });` +
  `console.log('${label}:' + c.pid); setTimeout(() => {}, 60000)`
const pidsIn = (stdout: string) => [...stdout.matchAll(/\w+:(\d+)/g)].map(m => Number(m[1]))
const settle = () => new Promise(resolve => setTimeout(resolve, 200))
const echo =
  "process.stdin.pipe(process.stdout); process.stdin.on('end', () => { console.error('err'); process.exitCode = 3 })"

test('stdin gets the input and is closed; stdout, stderr and the exit code come back', async () => {
  const result = await execProcess(node, ['-e', echo], { input: 'secret-on-stdin' })
  expect(result).toEqual({ code: 3, stdout: 'secret-on-stdin', stderr: 'err\n', timedOut: false })
})

test('a process past its time-out is ended with everything it started, promptly', async () => {
  const started = Date.now()
  // The child prints its own child's pid, then both wait far longer than the time-out.
  const result = await execProcess(node, ['-e', startsChild('grandchild')], { timeoutMs: 1_500 })
  const took = Date.now() - started
  expect(result.timedOut).toBe(true)
  expect(result.code).toBe(-1)
  expect(took).toBeLessThan(8_000)
  const [grandchild] = pidsIn(result.stdout)
  expect(grandchild).toBeGreaterThan(0)
  await settle()
  expect(alive(grandchild)).toBe(false)
  expect(liveProcessCount()).toBe(0)
})

// Bug: docker logout, given an empty stdin, can exit before exec has written it; the write then
// failed with EPIPE, an 'error' event nobody handled, and post crashed.
test('a process that exits without reading its input is reported, not a crash', async () => {
  const result = await execProcess(node, ['-e', 'process.exit(4)'], { input: 'x'.repeat(4 << 20) })
  expect(result).toMatchObject({ code: 4, timedOut: false })
})

test('a missing program is reported by exec before anything is spawned', async () => {
  await expect(execProcess('no-such-program-ecr-login', [], {})).rejects.toThrow(
    /Unable to locate executable file/
  )
})

test('a process that handles SIGTERM by starting another (as docker does) is ended with all of it', async () => {
  // On SIGTERM it would start a second child, as docker starts its next credential helper.
  const script =
    `process.on('SIGTERM', () => { const l = require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 61000)'], { stdio: 'ignore' }); console.log('late:' + l.pid) });` +
    startsChild('first')
  const result = await execProcess(node, ['-e', script], { timeoutMs: 1_500 })
  expect(result.timedOut).toBe(true)
  const pids = pidsIn(result.stdout)
  expect(pids.length).toBeGreaterThan(0)
  await settle()
  expect(pids.filter(alive)).toEqual([])
})

test('the explicit timeoutMs comes before an enclosing withProcessTimeout', async () => {
  const result = await withProcessTimeout(60_000, () =>
    execProcess(node, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 500 })
  )
  expect(result.timedOut).toBe(true)
  const bounded = await withProcessTimeout(500, () =>
    execProcess(node, ['-e', 'setTimeout(() => {}, 60000)'], {})
  )
  expect(bounded.timedOut).toBe(true)
})

describe('a password that arrives after the process started', () => {
  const cat = 'process.stdin.pipe(process.stdout)'
  test('reaches stdin when it comes, and the time-out counts from then', async () => {
    // 1.5 s of waiting for the input would be past a 1 s time-out counted from the spawn.
    const later = new Promise<string>(resolve => setTimeout(() => resolve('late-secret'), 1_500))
    const result = await execProcess(node, ['-e', cat], { input: later, timeoutMs: 1_000 })
    expect(result).toEqual({ code: 0, stdout: 'late-secret', stderr: '', timedOut: false })
  })

  test('a password that never comes (rejected) ends the process at once', async () => {
    let reject: (error: Error) => void = () => undefined
    const never = new Promise<string>((_resolve, no) => (reject = no))
    const started = Date.now()
    const running = execProcess(node, ['-e', cat], { input: never, timeoutMs: 20_000 })
    setTimeout(() => reject(new Error('not needed')), 300)
    const result = await running
    expect(result.code).toBe(-1)
    expect(Date.now() - started).toBeLessThan(8_000)
    expect(liveProcessCount()).toBe(0)
  })
})

test('a process that exits without reading its input is no crash (docker logout, given an empty stdin)', async () => {
  // More than a pipe holds: the write is still pending when the child has gone, and fails with EPIPE.
  // sh starts in a few ms; Windows has none, so node there.
  const [program, argv] =
    process.platform === 'win32' ? [node, ['-e', 'process.exit(0)']] : ['sh', ['-c', 'exit 0']]
  const result = await execProcess(program, argv, { input: 'x'.repeat(4 << 20), env: process.env })
  expect(result.code).toBe(0)
})

test('onSpawn runs once the process has started, while it runs, and not again', async () => {
  let calls = 0
  let startedBeforeExit = false
  const running = execProcess(node, ['-e', 'setTimeout(() => {}, 300)'], {
    input: '',
    onSpawn: () => {
      calls++
      startedBeforeExit = liveProcessCount() === 1
    }
  })
  const result = await running
  expect(result.code).toBe(0)
  expect(calls).toBe(1)
  expect(startedBeforeExit).toBe(true)
})

import { existsSync, readFileSync } from 'node:fs'
import { execProcess, liveProcessCount } from '../../src/process.js'

// Real processes (sh, cat), no fakes: this module's whole job is to start and end them.
const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readStatus(pid))
function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return ''
  }
}

test('stdin gets the input and is closed; stdout, stderr and the exit code come back', async () => {
  const result = await execProcess('sh', ['-c', 'cat; echo err >&2; exit 3'], { input: 'secret-on-stdin' })
  expect(result).toEqual({ code: 3, stdout: 'secret-on-stdin', stderr: 'err\n', timedOut: false })
})

test('a process past its time-out is ended with everything it started, promptly', async () => {
  const started = Date.now()
  // The child prints its grandchild's pid, then both wait far longer than the time-out.
  const result = await execProcess('sh', ['-c', 'sleep 60 & echo $!; wait'], { timeoutMs: 300 })
  const took = Date.now() - started
  expect(result.timedOut).toBe(true)
  expect(result.code).toBe(-1)
  expect(took).toBeLessThan(3_000)
  const grandchild = Number(result.stdout.trim())
  expect(grandchild).toBeGreaterThan(0)
  await new Promise(resolve => setTimeout(resolve, 100))
  expect(alive(grandchild)).toBe(false)
  expect(liveProcessCount()).toBe(0)
})

test('a missing program is reported by exec before anything is spawned', async () => {
  await expect(execProcess('no-such-program-ecr-login', [], {})).rejects.toThrow(
    /Unable to locate executable file/
  )
})

test('a process that handles SIGTERM by starting another (as docker does) is ended with all of it', async () => {
  // On SIGTERM the shell would start a second sleep, as docker starts its next credential helper.
  const script = "trap 'sleep 61 & echo late:$!; wait' TERM; sleep 60 & echo first:$!; wait"
  const result = await execProcess('sh', ['-c', script], { timeoutMs: 300 })
  expect(result.timedOut).toBe(true)
  const pids = [...result.stdout.matchAll(/\w+:(\d+)/g)].map(m => Number(m[1]))
  expect(pids.length).toBeGreaterThan(0)
  await new Promise(resolve => setTimeout(resolve, 100))
  expect(pids.filter(alive)).toEqual([])
})

describe('a password that arrives after the process started', () => {
  test('reaches stdin when it comes, and the time-out counts from then', async () => {
    const later = new Promise<string>(resolve => setTimeout(() => resolve('late-secret'), 300))
    // 300 ms of waiting for the input would be past a 150 ms time-out counted from the spawn.
    const result = await execProcess('cat', [], { input: later, timeoutMs: 150 })
    expect(result).toEqual({ code: 0, stdout: 'late-secret', stderr: '', timedOut: false })
  })

  test('a password that never comes (rejected) ends the process at once', async () => {
    let reject: (error: Error) => void = () => undefined
    const never = new Promise<string>((_resolve, no) => (reject = no))
    const started = Date.now()
    const running = execProcess('cat', [], { input: never, timeoutMs: 10_000 })
    setTimeout(() => reject(new Error('not needed')), 100)
    const result = await running
    expect(result.code).toBe(-1)
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(liveProcessCount()).toBe(0)
  })
})

test('a process that exits without reading its input is no crash (docker logout, given an empty stdin)', async () => {
  // More than a pipe holds: the write is still pending when the child has gone, and fails with EPIPE.
  const result = await execProcess('sh', ['-c', 'exit 0'], { input: 'x'.repeat(4 << 20), env: process.env })
  expect(result.code).toBe(0)
})

import { existsSync, rmSync } from 'node:fs'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { execProcess, liveProcessCount, ProcessesEndedError } from '../../src/process.js'
import { exitOnSignals, onCancel, UNWIND_MS } from '../../src/shutdown.js'
import { fakeRunner } from '../support/fakes.js'

// Real processes and real signal handlers; the signal is emitted on this process rather than sent,
// and `exit` is recorded instead of ending jest.
test('SIGTERM ends the children, removes the registered temp dirs, refuses new processes, then exits', async () => {
  const runner = fakeRunner()
  const exits: number[] = []
  const dispose = exitOnSignals(runner, code => exits.push(code))
  try {
    const dir = await mkdtemp(join(tmpdir(), 'ecr-login-docker-'))
    onCancel(() => rmSync(dir, { recursive: true, force: true }))
    const forgotten = await mkdtemp(join(tmpdir(), 'ecr-login-docker-'))
    onCancel(() => rmSync(forgotten, { recursive: true, force: true }))()
    const child = execProcess(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 60_000 })
    for (let waited = 0; liveProcessCount() === 0 && waited < 5_000; waited += 20) {
      await new Promise(resolve => setTimeout(resolve, 20))
    }
    expect(liveProcessCount()).toBe(1)

    process.emit('SIGTERM')
    expect(existsSync(dir)).toBe(false)
    // Removed from the clean-ups by its caller (its `finally` ran), so left alone.
    expect(existsSync(forgotten)).toBe(true)
    expect((await child).code).toBe(-1)
    expect(liveProcessCount()).toBe(0)
    await expect(execProcess(process.execPath, ['-e', '0'], {})).rejects.toBeInstanceOf(ProcessesEndedError)
    expect(runner.messages('info')).toEqual([
      'Received SIGTERM: the step is being cancelled; ended 1 process it had started.'
    ])

    expect(exits).toEqual([])
    await new Promise(resolve => setTimeout(resolve, UNWIND_MS + 200))
    expect(exits).toEqual([143])
    process.emit('SIGINT')
    expect(exits).toEqual([143, 130])
    rmSync(forgotten, { recursive: true, force: true })
  } finally {
    dispose()
  }
})

// On Windows the runner cancels with Ctrl-C, then Ctrl-Break: node's SIGINT, then SIGBREAK.
describe('Windows: Ctrl-Break (SIGBREAK)', () => {
  const listeners = () => process.listenerCount('SIGBREAK')

  test('cancels the step like SIGINT, and a Ctrl-Break after Ctrl-C exits at once', () => {
    const runner = fakeRunner()
    const exits: number[] = []
    const before = listeners()
    const dispose = exitOnSignals(runner, code => exits.push(code), 'win32')
    try {
      expect(listeners()).toBe(before + 1)
      process.emit('SIGINT')
      expect(runner.messages('info')).toEqual(['Received SIGINT: the step is being cancelled.'])
      process.emit('SIGBREAK')
      expect(exits).toEqual([128 + 21])
    } finally {
      dispose()
    }
    expect(listeners()).toBe(before)
  })

  test('a Ctrl-Break alone cancels the step', () => {
    const runner = fakeRunner()
    const dispose = exitOnSignals(runner, () => undefined, 'win32')
    try {
      process.emit('SIGBREAK')
      expect(runner.messages('info')).toEqual(['Received SIGBREAK: the step is being cancelled.'])
    } finally {
      dispose()
    }
  })

  test('elsewhere SIGBREAK is not listened for (no OS sends it)', () => {
    const before = listeners()
    const dispose = exitOnSignals(fakeRunner(), () => undefined, 'linux')
    expect(listeners()).toBe(before)
    dispose()
  })
})

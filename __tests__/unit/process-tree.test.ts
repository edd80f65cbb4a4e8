import { spawn } from 'node:child_process'
import {
  descendants,
  endTree,
  endTrees,
  parsePs,
  realSystem,
  type ProcessSystem
} from '../../src/process/tree.js'
import { alive } from '../support/processes.js'

/** A system with a given platform and process table (`ps` output), recording what was done. */
function fakeSystem(platform: NodeJS.Platform, tables: string[], taskkillFails = false) {
  const sent: string[] = []
  const ran: string[][] = []
  const system: ProcessSystem = {
    platform,
    env: { SystemRoot: 'C:\\Windows' },
    kill: (pid, signal) => void sent.push(`${signal} ${pid}`),
    run(program, args) {
      ran.push([program, ...args])
      if (program.endsWith('taskkill.exe')) return taskkillFails ? undefined : 'SUCCESS'
      return tables.length > 1 ? tables.shift() : tables[0]
    }
  }
  return { system, sent, ran }
}

test('ps output is read as parent → children, whatever its padding', () => {
  const table = parsePs('    1     0\n  120     1\n  121   120\n  122   120\n\n  bad line\n')
  expect(table.get(120)).toEqual([121, 122])
  expect(table.get(1)).toEqual([120])
  expect(table.get(121)).toBeUndefined()
})

describe('Windows: taskkill ends the tree', () => {
  test('taskkill /T /F /PID from System32, and no signal of its own', () => {
    const { system, sent, ran } = fakeSystem('win32', [])
    endTree(4242, system)
    expect(ran).toEqual([['C:\\Windows\\System32\\taskkill.exe', '/T', '/F', '/PID', '4242']])
    expect(sent).toEqual([])
    expect(descendants(4242, system)).toEqual([])
  })

  test('several trees (a cancelled step) take one taskkill', () => {
    const { system, ran } = fakeSystem('win32', [])
    endTrees([11, 12], system)
    expect(ran).toEqual([['C:\\Windows\\System32\\taskkill.exe', '/T', '/F', '/PID', '11', '/PID', '12']])
  })

  test('when taskkill fails, the process itself is still ended', () => {
    const { system, sent } = fakeSystem('win32', [], true)
    endTree(4242, system)
    expect(sent).toEqual(['SIGKILL 4242'])
  })

  test('a store helper that outlived docker (gone on Ctrl-C) is found by its parent id and ended', () => {
    // docker.exe (4242) is gone; its helper (500) and the tool the helper ran (501) remain, still
    // naming their parents. 4243 is alive: taskkill ended its tree, and its pid is in use, so
    // processes naming it as parent are not walked (they may belong to a process that reuses it).
    const table = '4 0\r\n500 4242\r\n501 500\r\n4243 1\r\n600 4243\r\n'
    const { system, sent, ran } = fakeSystem('win32', [table], true)
    endTrees([4242, 4243], system)
    expect(ran[1]).toEqual([
      'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      'Get-CimInstance Win32_Process | ForEach-Object { "$($_.ProcessId) $($_.ParentProcessId)" }'
    ])
    expect(sent).toEqual(['SIGKILL 4242', 'SIGKILL 4243', 'SIGKILL 500', 'SIGKILL 501'])
  })
})

describe('macOS: the tree comes from ps -A -o pid=,ppid=', () => {
  test('the whole tree is frozen before it is killed, with a process forked meanwhile', () => {
    // docker (100) runs a store helper (101), which runs a tool (102); 103 is forked while frozen.
    const before = '100 1\n101 100\n102 101\n200 1\n'
    const { system, sent, ran } = fakeSystem('darwin', [before, `${before}103 101\n`])
    endTree(100, system)
    expect(ran[0]).toEqual(['/bin/ps', '-A', '-o', 'pid=,ppid='])
    expect(sent).toEqual([
      'SIGSTOP 100',
      'SIGSTOP 101',
      'SIGSTOP 102',
      'SIGKILL 100',
      'SIGKILL 101',
      'SIGKILL 102',
      'SIGKILL 103'
    ])
  })

  const posix = process.platform === 'win32' ? test.skip : test
  posix(
    'against the real ps here: a helper and the tool it started are ended with their parent',
    async () => {
      const node = process.execPath
      const tool = `require('child_process').spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' }); setTimeout(() => {}, 60000)`
      const helper = `const c = require('child_process').spawn(process.execPath, ['-e', ${JSON.stringify(tool)}], { stdio: 'ignore' }); console.log(c.pid); setTimeout(() => {}, 60000)`
      const parent = spawn(node, ['-e', helper], { stdio: ['ignore', 'pipe', 'ignore'] })
      const helperPid = Number(await new Promise<string>(resolve => parent.stdout.once('data', resolve)))
      const darwin = { ...realSystem, platform: 'darwin' as const }
      let tree: number[] = []
      for (let waited = 0; tree.length < 2 && waited < 10_000; waited += 50) {
        await new Promise(resolve => setTimeout(resolve, 50))
        tree = descendants(parent.pid!, darwin)
      }
      expect(tree).toHaveLength(2)
      expect(tree[0]).toBe(helperPid)
      if (process.platform === 'linux') expect(descendants(parent.pid!, realSystem)).toEqual(tree)
      endTree(parent.pid!, darwin)
      await new Promise(resolve => parent.once('exit', resolve))
      await new Promise(resolve => setTimeout(resolve, 200))
      expect([parent.pid!, ...tree].filter(alive)).toEqual([])
    }
  )
})

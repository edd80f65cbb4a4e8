import type { ChildProcess } from 'node:child_process'
import { signalNumber, startWorld, type World } from './world.js'

// Usage: tsx __tests__/support/world-cli.ts -- <cmd> [args...]
// Starts a throw-away world, runs the command inside it, tears the world down and exits with the command's code.

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const

async function main(argv: string[]): Promise<number> {
  const [cmd, ...args] = argv[0] === '--' ? argv.slice(1) : argv
  if (!cmd) {
    process.stderr.write('usage: tsx __tests__/support/world-cli.ts -- <command> [args...]\n')
    return 2
  }
  const aborter = new AbortController()
  let signalled: NodeJS.Signals | undefined
  let child: ChildProcess | undefined
  for (const sig of SIGNALS) {
    // Handlers stay installed while tearing down, so a second Ctrl-C cannot leave the world half-removed.
    process.on(sig, () => {
      signalled ??= sig
      aborter.abort()
      child?.kill(sig)
    })
  }
  let world: World | undefined
  let code = 1
  try {
    world = await startWorld({
      log: line => process.stderr.write(`[world] ${line}\n`),
      signal: aborter.signal
    })
    if (!signalled) {
      const running = world.spawn(cmd, args, { stdio: 'inherit' })
      child = running
      code = await new Promise<number>(resolve => {
        running.on('error', error => {
          process.stderr.write(`[world] cannot run ${cmd}: ${error.message}\n`)
          resolve(127)
        })
        running.on('exit', (exitCode, signal) => resolve(exitCode ?? 128 + signalNumber(signal)))
      })
    }
  } catch (error) {
    process.stderr.write(`[world] ${error instanceof Error ? error.message : String(error)}\n`)
  } finally {
    await world?.stop()
  }
  return signalled ? 128 + signalNumber(signalled) : code
}

process.exit(await main(process.argv.slice(2)))

// Preloaded into a traced step with `node --import <this file>` by `npm run bench -- --trace`: records when the
// step spawns processes, opens TLS connections, touches the file system and writes lines, and writes the
// events as JSON to $BENCH_TRACE_FILE when the process exits. Plain JavaScript so that node loads it without a
// TypeScript loader. The bundles load builtins through require, so patching the module objects catches them.
import childProcess from 'node:child_process'
import fs from 'node:fs'
import { syncBuiltinESMExports } from 'node:module'
import tls from 'node:tls'

const now = () => performance.timeOrigin + performance.now()
const events = [{ ev: 'preload', t: now() }]
const file = process.env.BENCH_TRACE_FILE

const spawn = childProcess.spawn
childProcess.spawn = function (command, args, ...rest) {
  const start = now()
  const child = spawn.call(this, command, args, ...rest)
  const what = [command, ...(Array.isArray(args) ? args.slice(0, 1) : [])].join(' ')
  child.once('exit', () => events.push({ ev: 'proc', what, start, end: now() }))
  return child
}

const connect = tls.connect
tls.connect = function (...args) {
  const start = now()
  const socket = connect.apply(this, args)
  const options = args.find(a => a && typeof a === 'object') ?? {}
  const span = { ev: 'tls', host: options.servername ?? options.host, start }
  events.push(span)
  socket.once('connect', () => (span.tcp = now()))
  socket.once('secureConnect', () => (span.secure = now()))
  socket.once('data', () => (span.firstData = now()))
  socket.once('close', () => (span.close = now()))
  return socket
}

for (const op of [
  'mkdtemp',
  'readFile',
  'writeFile',
  'rename',
  'rm',
  'open',
  'symlink',
  'mkdir',
  'stat',
  'realpath'
]) {
  const original = fs.promises[op]
  fs.promises[op] = async function (...args) {
    const start = now()
    try {
      return await original.apply(this, args)
    } finally {
      const path = typeof args[0] === 'string' ? args[0] : undefined
      events.push({ ev: 'fs', op, path, start, end: now() })
    }
  }
}

const write = process.stdout.write
process.stdout.write = function (chunk, ...rest) {
  const t = now()
  for (const line of String(chunk).split('\n'))
    if (line) events.push({ ev: 'line', t, text: line.slice(0, 100) })
  return write.call(this, chunk, ...rest)
}

syncBuiltinESMExports()

process.on('exit', () => {
  events.push({ ev: 'exit', t: now() })
  if (file) fs.writeFileSync(file, JSON.stringify(events))
})

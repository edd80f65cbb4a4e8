import { EventEmitter } from 'node:events'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { captureConsole, captureWarnings, fileLog, logFileOf } from '../../src/helper/log.js'

const NOW = new Date('2026-11-23T10:00:00.250Z')

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'helper-log-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('the log lives at <cache dir>/log/ecr-login.log', () => {
  expect(logFileOf('/home/u/.ecr')).toBe(join('/home/u/.ecr', 'log', 'ecr-login.log'))
})

test('lines are appended in logrus text format, across helper runs', () => {
  const file = logFileOf(dir)
  fileLog(file, () => NOW).debug('first run')
  fileLog(file, () => NOW).error('second "run"')
  expect(readFileSync(file, 'utf8')).toBe(
    'time="2026-11-23T10:00:00.250Z" level=debug msg="first run"\n' +
      'time="2026-11-23T10:00:00.250Z" level=error msg="second \\"run\\""\n'
  )
})

test.each([
  ['the password itself', 'token was hunter2-with-more'],
  ['the base64 AWS:password token', `token was ${Buffer.from('AWS:hunter2-with-more').toString('base64')}`],
  ['a proxy URL with credentials', 'via http://user:hunter2-with-more@proxy:3128']
])('a registered secret never reaches the file: %s', (_name, message) => {
  const file = logFileOf(dir)
  const log = fileLog(file, () => NOW)
  log.secret('hunter2-with-more')
  log.info(message)
  const text = readFileSync(file, 'utf8')
  expect(text).not.toContain('hunter2-with-more')
  expect(text).not.toContain(Buffer.from('AWS:hunter2-with-more').toString('base64'))
  expect(text).toContain('***')
})

const posix = process.platform === 'win32' ? test.skip : test
posix('the log directory is 0700 and the file 0600', () => {
  const file = logFileOf(join(dir, '.ecr'))
  fileLog(file, () => NOW).info('x')
  expect(statSync(join(dir, '.ecr', 'log')).mode & 0o777).toBe(0o700)
  expect(statSync(file).mode & 0o777).toBe(0o600)
})

posix('an unwritable log is ignored rather than failing the helper', () => {
  const blocked = join(dir, 'blocked')
  writeFileSync(blocked, '')
  chmodSync(blocked, 0o400)
  // The log directory would have to be created inside a regular file: impossible.
  expect(() => fileLog(logFileOf(blocked), () => NOW).error('lost')).not.toThrow()
})

test('process warnings go to the log, not to stderr', () => {
  const file = logFileOf(dir)
  const target = new EventEmitter()
  const printed: string[] = []
  target.on('warning', (w: Error) => printed.push(w.message))
  captureWarnings(
    fileLog(file, () => NOW),
    target as unknown as NodeJS.Process
  )

  const warning = Object.assign(new Error('upgrade to node >=22'), { name: 'NodeVersionSupportWarning' })
  target.emit('warning', warning)

  expect(printed).toEqual([])
  expect(readFileSync(file, 'utf8')).toContain(
    'level=info msg="NodeVersionSupportWarning: upgrade to node >=22"'
  )
})

test("console output goes to the log: the SDK's request time-out warning never reaches docker's stderr", () => {
  const file = logFileOf(dir)
  const printed: string[] = []
  const fake = {
    debug: (...a: unknown[]) => printed.push(a.join(' ')),
    info: (...a: unknown[]) => printed.push(a.join(' ')),
    log: (...a: unknown[]) => printed.push(a.join(' ')),
    warn: (...a: unknown[]) => printed.push(a.join(' ')),
    error: (...a: unknown[]) => printed.push(a.join(' '))
  }
  captureConsole(
    fileLog(file, () => NOW),
    fake
  )

  // What @smithy/node-http-handler prints when a request outlives requestTimeout.
  fake.warn(
    '@smithy/node-http-handler - [WARN] a request has exceeded the configured 30000 ms requestTimeout.'
  )
  fake.log('stdout is the protocol answer: %s', 'not this')
  fake.error(new Error('boom'))

  expect(printed).toEqual([])
  const text = readFileSync(file, 'utf8')
  expect(text).toContain('level=info msg="warning: @smithy/node-http-handler - [WARN] a request has exceeded')
  expect(text).toContain('level=info msg="stdout is the protocol answer: not this"')
  expect(text).toContain('level=error msg="Error: boom')
})

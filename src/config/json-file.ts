import { promises as fs } from 'node:fs'
import { dirname } from 'node:path'
import { UserError } from '../errors.js'
import { quoted } from '../text.js'

// The one JSON read and atomic write of the config files other tools own (Docker's config.json,
// the containers tools' auth.json). What the user wrote is kept: JSON.parse would turn
// `12345678901234567890123` into 1.2345678901234568e+22 (and `1.0` into 1), so such numbers are
// written back exactly as they were; a key written twice in one object cannot be kept by any
// parser, so such a file is refused rather than rewritten without one of them.

/** How messages name a file ("the Docker config") and what to do when it is not JSON. */
export interface JsonFileKind {
  noun: string
  /** The fix when the file is not a JSON object. */
  malformedHint: string
}

/**
 * Numbers whose value would be written differently than the user wrote them, replaced by these
 * strings while the file is in memory and put back when it is written. The nonce is per process,
 * so no string in a user's file can pass for one; copies of a config (a job's seed) keep them.
 */
const NONCE = `${process.pid}.${Math.random().toString(36).slice(2)}`
const MARK = `\u0000ecr-login-number:${NONCE}:`
const rawNumbers: string[] = []

/** Reads a JSON object file; a missing or empty one is `{}`, anything else an error naming the file. */
export async function readJsonObject<T extends object>(file: string, kind: JsonFileKind): Promise<T> {
  let text: string
  try {
    text = await fs.readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {} as T
    throw new UserError(`Cannot read ${kind.noun} ${file}: ${(error as Error).message}`)
  }
  return parseJsonObject<T>(text, file, kind)
}

/** `readJsonObject` on text already read. */
export function parseJsonObject<T extends object>(text: string, file: string, kind: JsonFileKind): T {
  if (!text.trim()) return {} as T
  let scan: Scan | undefined
  try {
    scan = scanJson(text)
  } catch {
    scan = undefined
  }
  if (!scan || !text.trimStart().startsWith('{')) {
    throw new UserError(
      `${capital(kind.noun)} ${file} is not a JSON object, so it was left untouched.`,
      kind.malformedHint
    )
  }
  if (scan.duplicate !== undefined) {
    throw new UserError(
      `${capital(kind.noun)} ${file} has the key ${quoted(scan.duplicate)} twice in one object, so it was left untouched: ` +
        'a rewrite would keep only one of them.',
      'Remove the entry that is not meant; every JSON reader keeps only one (most the last).'
    )
  }
  // Splice the marks in from the end, so the earlier positions stay right.
  let marked = text
  for (const { start, end } of scan.lossy.reverse()) {
    rawNumbers.push(text.slice(start, end))
    marked = `${marked.slice(0, start)}${JSON.stringify(MARK + (rawNumbers.length - 1))}${marked.slice(end)}`
  }
  return JSON.parse(marked) as T
}

/** The file's text as docker and the containers tools format it (tabs), numbers as the user wrote them. */
export function formatJson(content: object): string {
  const text = JSON.stringify(content, null, '\t')
  if (!text.includes('ecr-login-number:')) return text
  const quotedMark = JSON.stringify(MARK).slice(0, -1)
  return text.replace(
    new RegExp(`${escapeRegExp(quotedMark)}(\\d+)"`, 'g'),
    (whole, index: string) => rawNumbers[Number(index)] ?? whole
  )
}

/**
 * Writes `file` atomically (a temp file beside it, then a rename), following a symlinked file,
 * keeping its mode (0600 for a new one) and creating its directory private to the user.
 */
export async function writeJsonFile(file: string, content: object, kind: JsonFileKind): Promise<void> {
  const target = await fs.realpath(file).catch(() => file)
  try {
    await fs.mkdir(dirname(target), { recursive: true, mode: 0o700 })
    const mode = await fs.stat(target).then(
      s => s.mode & 0o777,
      () => 0o600
    )
    await writeFileAtomic(target, formatJson(content), mode)
  } catch (error) {
    throw new UserError(`Cannot write ${kind.noun} ${file}: ${(error as Error).message}`)
  }
}

/**
 * Writes `text` to `file` whole or not at all: into a temp file beside it (a name no other writer
 * uses), then renamed over it (replaceFile), so a reader (another step, docker) sees the old file
 * or the new one, never half of one. The temp file is removed when anything fails.
 */
export async function writeFileAtomic(file: string, text: string, mode: number): Promise<void> {
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`
  try {
    await fs.writeFile(temp, text, { mode, flag: 'wx' })
    await replaceFile(temp, file)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
}

/**
 * Writes a new `file` (failing if it exists), private to the user, in a directory only this process
 * writes to (a throw-away dir it has just made, before any program is pointed at it): no reader can
 * see it half-written, so it needs no temp file and rename, each a round trip to the disk.
 */
export async function writeNewJsonFile(file: string, content: object, kind: JsonFileKind): Promise<void> {
  try {
    await fs.writeFile(file, formatJson(content), { mode: 0o600, flag: 'wx' })
  } catch (error) {
    throw new UserError(`Cannot write ${kind.noun} ${file}: ${(error as Error).message}`)
  }
}

/** What replaceFile needs from the system; tests inject a platform and a failing rename. */
export interface ReplaceDeps {
  platform: NodeJS.Platform
  rename(from: string, to: string): Promise<void>
  sleep(ms: number): Promise<void>
}

/** Attempts at a rename on Windows, and the pause before the first retry (doubled each time): ~3 s in all. */
export const REPLACE_ATTEMPTS = 7
const REPLACE_FIRST_PAUSE_MS = 50

/**
 * Renames `from` over `to`. On Windows a file that another process has open (an antivirus scan,
 * a running docker.exe reading its config) refuses to be replaced for a moment with EPERM, EACCES
 * or EBUSY: those are retried, a bounded number of times. Elsewhere a rename replaces at once.
 */
export async function replaceFile(
  from: string,
  to: string,
  deps: ReplaceDeps = {
    platform: process.platform,
    rename: fs.rename,
    sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
  }
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.rename(from, to)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const busy = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY'
      if (deps.platform !== 'win32' || !busy || attempt === REPLACE_ATTEMPTS) throw error
      await deps.sleep(REPLACE_FIRST_PAUSE_MS * 2 ** (attempt - 1))
    }
  }
}

function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** What scanJson found: numbers a rewrite would change (their positions), the first duplicate key. */
interface Scan {
  lossy: { start: number; end: number }[]
  duplicate?: string
}

const LITERAL = /true|false|null/y
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y

/**
 * A strict JSON scanner (RFC 8259) that records what JSON.parse would lose. Throws on text that
 * is not JSON; the values themselves are left to JSON.parse.
 */
function scanJson(text: string): Scan {
  const scan: Scan = { lossy: [] }
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++
  }
  const fail = (): never => {
    throw new SyntaxError(`Unexpected character at ${i}`)
  }
  const string = (): string => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    if (i >= text.length) fail()
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const value = (): void => {
    ws()
    const c = text[i]
    if (c === '{') {
      i++
      const keys = new Set<string>()
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        const key = string()
        if (keys.has(key) && scan.duplicate === undefined) scan.duplicate = key
        keys.add(key)
        ws()
        if (text[i++] !== ':') fail()
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i++] === '}') return
        else fail()
      }
    }
    if (c === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i++] === ']') return
        else fail()
      }
    }
    if (c === '"') {
      string()
      return
    }
    LITERAL.lastIndex = i
    const literal = LITERAL.exec(text)
    if (literal) {
      i += literal[0].length
      return
    }
    NUMBER.lastIndex = i
    const number = NUMBER.exec(text)
    if (!number) fail()
    const raw = number![0]
    if (JSON.stringify(Number(raw)) !== raw) scan.lossy.push({ start: i, end: i + raw.length })
    i += raw.length
  }
  value()
  ws()
  if (i !== text.length) fail()
  return scan
}

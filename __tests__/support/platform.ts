import { promises as fs } from 'node:fs'
import { join } from 'node:path'

// What only POSIX systems have, for the unit tests that also run on the Windows CI job.

/** `test` on Linux and macOS, skipped on Windows: for file modes, links without privilege, `sh`. */
export const posixTest = process.platform === 'win32' ? test.skip : test

/** Expects the POSIX permission bits of `path`; Windows has none (node reports 0o666), so there it checks nothing. */
export async function expectMode(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return
  expect((await fs.stat(path)).mode & 0o777).toBe(mode)
}

/**
 * A program that exits 0 at once, whatever its arguments, without reading its stdin: `true`
 * (at /usr/bin/true on Linux and macOS, which has no /bin/true); on Windows a `.cmd` written
 * into `dir`, which exec runs through cmd.exe as it runs docker's own .cmd wrappers.
 */
export async function trueProgram(dir: string): Promise<string> {
  if (process.platform !== 'win32') return '/usr/bin/true'
  const file = join(dir, 'true.cmd')
  await fs.writeFile(file, '@exit /b 0\r\n')
  return file
}

import { promises as fs } from 'node:fs'

// What only POSIX systems have, for the unit tests that also run on the Windows CI job.

/** `test` on Linux and macOS, skipped on Windows: for file modes, links without privilege, `sh`. */
export const posixTest = process.platform === 'win32' ? test.skip : test

/** Expects the POSIX permission bits of `path`; Windows has none (node reports 0o666), so there it checks nothing. */
export async function expectMode(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return
  expect((await fs.stat(path)).mode & 0o777).toBe(mode)
}

#!/usr/bin/env node
// npm's `bin` entry for the credential helper: npm links it onto PATH (and writes .cmd shims on
// Windows); the program itself is the bundle. CommonJS (bin/package.json), so that node loads it
// and the bundle without its ES module loader, a few milliseconds of every `docker pull`.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS on purpose, as said above
require('../dist/helper/index.js')

#!/usr/bin/env node
// npm's `bin` entry for the credential helper: npm links it onto PATH (and writes .cmd shims on
// Windows); the program itself is the bundle.
import '../dist/helper/index.js'

import { join } from 'node:path'
import { cacheDirOf, cacheDisabled } from './cache-dir.js'
import { runWithCodeCache } from './code-cache.js'

// docker-credential-ecr-login. Docker runs it for every pull and push, so start-up is its cost:
// the program (main.js beside this bundle) runs from a code cache made after an earlier run.
const env = process.env
const cacheDir = cacheDisabled(env) ? undefined : join(cacheDirOf(env), 'compile-cache')
runWithCodeCache(join(__dirname, 'main.js'), cacheDir)

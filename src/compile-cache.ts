import * as nodeModule from 'node:module'
import { join } from 'node:path'
import { cacheDirOf, cacheDisabled } from './helper/cache-dir.js'
import { makePrivateDir } from './helper/private-files.js'

// Most of what main loads is the SDK's chunks (about 800 kB), which V8 parses again in every step. On a
// self-hosted runner the home directory outlives the job, so node's compile cache
// (module.enableCompileCache, node >= 22.1) can keep their compiled code from one job to the next, beside the
// helper's own code cache (`~/.ecr/compile-cache`, or under AWS_ECR_CACHE_DIR). A GitHub-hosted runner starts
// every job on a fresh machine: writing a cache there would only cost time. A code cache is code, so it is
// used only from directories this user owns and no one else can write (private-files.ts), as the helper's;
// node itself checks each entry against the source's hash and its own version, so a stale one is recompiled.

/** The directory of the action's compile cache, under the helper's. */
export function actionCompileCacheDir(env: NodeJS.ProcessEnv): string {
  return join(cacheDirOf(env), 'compile-cache', 'action')
}

/**
 * Turns node's compile cache on for what the step loads from now on, on a self-hosted runner
 * (RUNNER_ENVIRONMENT, which the runner sets) unless AWS_ECR_DISABLE_CACHE is set. Returns the
 * directory when it is on; anything amiss (an old node, a directory someone else could write, a
 * read-only home) leaves it off, and the step compiles as usual.
 */
export function enableCompileCache(
  env: NodeJS.ProcessEnv,
  // Node >= 22.1; @types/node 20 does not know it.
  enable = (nodeModule as { enableCompileCache?: (dir: string) => unknown }).enableCompileCache
): string | undefined {
  if (env.RUNNER_ENVIRONMENT !== 'self-hosted' || cacheDisabled(env) || !enable) return undefined
  const root = cacheDirOf(env)
  const dir = actionCompileCacheDir(env)
  try {
    for (const d of [root, join(root, 'compile-cache'), dir]) makePrivateDir(d)
    enable(dir)
    return dir
  } catch {
    return undefined
  }
}

import { AsyncLocalStorage } from 'node:async_hooks'
import type { ChildProcess } from 'node:child_process'
import { subscribe } from 'node:diagnostics_channel'

// Why this exists: @actions/exec spawns and reaps a process but hands back neither the
// ChildProcess nor a way to stop it, and it spawns only after an asynchronous PATH lookup
// (@actions/io's `which`), so the child cannot be caught by wrapping `spawn` for one synchronous
// call. Node publishes every ChildProcess it creates on the built-in `child_process` diagnostics
// channel (node 16.18 and later; the same on 20 and 24), synchronously and in the async context
// of the code that spawned it. So a caller runs exec inside an AsyncLocalStorage run, and the one
// subscriber below hands each child to the run it belongs to; children spawned outside a run are
// not touched. `subscribe(name)` (not `channel(name).subscribe`) keeps the channel alive: node 18
// and 19 could collect a channel object nothing else held, and its messages with it.

type Claim = (child: ChildProcess) => void

const claims = new AsyncLocalStorage<Claim>()
let subscribed = false

/**
 * Runs `start` (which spawns, now or after some awaits) and calls `claim` with each ChildProcess
 * node creates within it, as soon as it exists: before its spawn, so `pid` is set only later.
 * Returns what `start` returns.
 */
export function claimChildren<T>(claim: Claim, start: () => T): T {
  if (!subscribed) {
    subscribed = true
    subscribe('child_process', message => claims.getStore()?.((message as { process: ChildProcess }).process))
  }
  return claims.run(claim, start)
}

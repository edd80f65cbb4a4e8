// The bundles' stand-in for `@actions/http-client` (tsconfig.json `paths`, which ncc follows):
// the real client, loaded on first use instead of at start-up.
//
// @actions/core 3 imports http-client at its top level for one function, getIDToken (OIDC), which
// this action never calls; http-client in turn loads undici and tunnel. Evaluating them cost
// ~90 ms of node's start-up in every main and post step (460 kB of the 490 kB post bundle). With
// this module in its place the bundler sees that nothing reaches the client and leaves it out; if
// anything ever did construct one, each call loads the real module first and runs it unchanged.
// Jest does not read `paths`, so the tests run the toolkit exactly as published.
import type * as Real from '../../node_modules/@actions/http-client/lib/index.js'

type Client = InstanceType<typeof Real.HttpClient>
type Args = ConstructorParameters<typeof Real.HttpClient>

/** `@actions/http-client`'s HttpClient, constructed on the first method call. */
export class HttpClient {
  constructor(...args: Args) {
    let real: Promise<Client> | undefined
    const load = (): Promise<Client> =>
      (real ??= import('../../node_modules/@actions/http-client/lib/index.js').then(
        m => new m.HttpClient(...args)
      ))
    // Every method of the real client is async except the agent getters, which core never uses.
    return new Proxy(this, {
      get:
        (_target, method) =>
        async (...callArgs: unknown[]) => {
          const client = (await load()) as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>
          return client[method](...callArgs)
        }
    })
  }
}

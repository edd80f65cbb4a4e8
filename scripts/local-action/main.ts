// `npm run local-action`: @github/local-action runs the action from src/ (not dist/), with the
// inputs and environment of .env, stubbing @actions/core. It calls the `run()` its entry exports;
// the action's entries (src/main.ts, src/post.ts) do their work when imported, as the runner
// starts them, so this entry imports the real one: no second copy of the wiring to drift.
export async function run(): Promise<void> {
  await import('../../src/main.js')
}

// The post step for `npm run local-action` (see main.ts beside this file).
export async function run(): Promise<void> {
  await import('../../src/post.js')
}

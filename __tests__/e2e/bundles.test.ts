import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { REPO_ROOT } from '../support/action-runner.js'

// What each bundle carries decides every job's start-up: check the built dist/, not the sources.
const read = (entry: string, file?: (name: string) => boolean) =>
  readdirSync(join(REPO_ROOT, 'dist', entry))
    .filter(name => name.endsWith('.js') && (file ? file(name) : true))
    .map(name => readFileSync(join(REPO_ROOT, 'dist', entry, name), 'utf8'))
    .join('\n')

test('the post bundle holds neither the AWS SDK nor an HTTP client library', () => {
  const post = read('post')
  expect(post).not.toMatch(/GetAuthorizationTokenCommand|ECRClient|NodeHttpHandler|SignatureV4/)
  expect(post).not.toMatch(/undici:client|TunnelingAgent/)
})

test("main's first-loaded file leaves the SDK and core's OIDC HTTP client out", () => {
  const main = read('main', name => name === 'index.js')
  expect(main).not.toMatch(/GetAuthorizationTokenCommand|undici:client|TunnelingAgent/)
})

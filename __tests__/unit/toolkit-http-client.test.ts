import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpClient } from '../../src/toolkit/http-client.js'

// The bundles use this module in place of @actions/http-client; anything that ever calls it must
// get the real client's behaviour, loaded on first use.
test('the lazy HttpClient loads the real client on first use and behaves as it does', async () => {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ agent: req.headers['user-agent'], path: req.url }))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  try {
    const { port } = server.address() as AddressInfo
    const client = new HttpClient('ecr-login-test')
    const response = (await (client as unknown as { getJson(url: string): Promise<unknown> }).getJson(
      `http://127.0.0.1:${port}/token`
    )) as { statusCode: number; result: { agent: string; path: string } }
    expect(response.statusCode).toBe(200)
    expect(response.result).toEqual({ agent: 'ecr-login-test', path: '/token' })
  } finally {
    server.close()
  }
})

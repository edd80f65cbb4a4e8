import { promises as fs } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { storePrograms } from '../../src/clients/store-program.js'
import { liveProcessCount } from '../../src/process.js'
import { posixTest } from '../support/platform.js'

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com'
const SECRET = 'eyJwYXlsb2FkIjoi:secret-part:end'

let bin: string
beforeEach(async () => {
  bin = await fs.mkdtemp(join(tmpdir(), 'ecr-login-store-test-'))
})
afterEach(async () => {
  await fs.rm(bin, { recursive: true, force: true })
})

// The fake stores are sh scripts run by their #! line, which Windows cannot start (there a store
// program is an .exe, found through PATHEXT): those tests run on Linux and macOS.

/** `docker-credential-<name>` running `body` (sh), its stdin saved to `<bin>/<name>.in`. */
async function helper(name: string, body: string): Promise<void> {
  await fs.writeFile(
    join(bin, `docker-credential-${name}`),
    `#!/bin/sh\ncat > "${bin}/${name}.in"\n${body}\n`,
    {
      mode: 0o755
    }
  )
}

describe('a credential store program (docker-credential-helpers protocol)', () => {
  posixTest('gets `store` and the credential as JSON on stdin, never in argv', async () => {
    await helper('good', 'echo "$@" > "$0.args"')
    expect(
      await storePrograms({ PATH: `${bin}:/usr/bin:/bin` }).store('good', HOST, 'AWS', SECRET)
    ).toBeUndefined()
    expect(JSON.parse(await fs.readFile(join(bin, 'good.in'), 'utf8'))).toEqual({
      ServerURL: HOST,
      Username: 'AWS',
      Secret: SECRET
    })
    expect((await fs.readFile(join(bin, 'docker-credential-good.args'), 'utf8')).trim()).toBe('store')
  })

  posixTest('a refusal is its answer, with the secret redacted', async () => {
    await helper('bad', `echo "The stub received bad data. ${SECRET}"; exit 1`)
    expect(await storePrograms({ PATH: `${bin}:/usr/bin:/bin` }).store('bad', HOST, 'AWS', SECRET)).toBe(
      'it answered: The stub received bad data. ***'
    )
  })

  posixTest('one that does not answer is ended at its own bound, with what it started', async () => {
    await helper('stuck', 'sleep 60 & wait')
    const started = Date.now()
    expect(
      await storePrograms({ PATH: `${bin}:/usr/bin:/bin` }, undefined, 300).store(
        'stuck',
        HOST,
        'AWS',
        SECRET
      )
    ).toBe('it did not answer within 0.3 s')
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(liveProcessCount()).toBe(0)
  })

  posixTest(
    'a store that exits before reading its stdin is a refusal, never an EPIPE that ends the step',
    async () => {
      await fs.writeFile(join(bin, 'docker-credential-quick'), '#!/bin/sh\necho locked\nexit 1\n', {
        mode: 0o755
      })
      const stores = storePrograms({ PATH: `${bin}:/usr/bin:/bin` })
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, () => stores.store('quick', HOST, 'AWS', SECRET))
        )
        expect(new Set(answers)).toEqual(new Set(['it answered: locked']))
      }
    },
    30_000
  )

  test('a store whose program is not on PATH says so', async () => {
    expect(
      await storePrograms({ PATH: [bin, '/usr/bin', '/bin'].join(delimiter) }).store(
        'none',
        HOST,
        'AWS',
        SECRET
      )
    ).toBe('docker-credential-none is not on PATH')
  })
})

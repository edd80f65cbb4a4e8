import { createHash } from 'node:crypto'
import { keyHash } from '../../src/helper/cache-file.js'
import { sha256 } from '../../src/helper/sha256.js'

const nodeSha256 = (data: Uint8Array) => createHash('sha256').update(data).digest()

test.each([
  ['the empty string', '', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
  ['abc (FIPS 180-2, one block)', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
  [
    'the two-block FIPS 180-2 vector',
    'abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq',
    '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'
  ]
])('%s', (_name, text, hex) => {
  expect(sha256(Buffer.from(text)).toString('hex')).toBe(hex)
})

test('agrees with node:crypto at every length around the block and padding boundaries', () => {
  const data = Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 131 + 7) & 0xff))
  for (let length = 0; length <= 300; length++) {
    const slice = data.subarray(0, length)
    expect([length, sha256(slice).toString('hex')]).toEqual([length, nodeSha256(slice).toString('hex')])
  }
})

test('the cache key hash is base64(sha256(access key id)), the check vector from behaviour.md', () => {
  expect(keyHash('AKIAIOSFODNN7EXAMPLE')).toBe('Gl1EotyhlmnXLt9MTxwnxMHKS0QI+7F/bOStRS143bM=')
  expect(keyHash('AKIAÄ-non-ascii')).toBe(nodeSha256(Buffer.from('AKIAÄ-non-ascii')).toString('base64'))
})

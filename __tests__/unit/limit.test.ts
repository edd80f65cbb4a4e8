import { mapConcurrent } from '../../src/limit.js'

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))

test('results keep the order of the items, whatever order the work finishes in', async () => {
  const items = [50, 10, 40, 0, 30, 20]
  const results = await mapConcurrent(items, 3, async ms => {
    await sleep(ms)
    return `done ${ms}`
  })
  expect(results).toEqual(items.map(ms => `done ${ms}`))
})

test.each([1, 2, 4, 10])('at most %i items are in flight at once, and that many are used', async limit => {
  let inFlight = 0
  let most = 0
  const items = Array.from({ length: 9 }, (_, i) => i)
  const results = await mapConcurrent(items, limit, async i => {
    inFlight++
    most = Math.max(most, inFlight)
    await sleep(5)
    inFlight--
    return i * 2
  })
  expect(most).toBe(Math.min(limit, items.length))
  expect(results).toEqual(items.map(i => i * 2))
})

test('no items: an empty result', async () => {
  expect(await mapConcurrent([], 4, async () => 1)).toEqual([])
})

test('a failure rejects the whole map', async () => {
  await expect(
    mapConcurrent([1, 2, 3], 2, async i => {
      if (i === 2) throw new Error('two failed')
      return i
    })
  ).rejects.toThrow('two failed')
})

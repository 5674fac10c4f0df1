const { during, until } = require(process.env.PATIENTLY_BUNDLE)
const { expect, test } = require('@jest/globals')

test('a never check that is not awaited', () => {
  void during('100ms').never(() => false)
})

test('an awaited never check', async () => {
  await during('50ms').never(() => false)
})

test('a wait built in steps, then awaited', async () => {
  const ready = until(() => 1).every(10)
  expect(await ready.atMost('1s')).toBe(1)
})

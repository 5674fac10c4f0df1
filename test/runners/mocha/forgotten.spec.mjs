import assert from 'node:assert/strict'
import { describe, it } from 'mocha'
import { during, until } from 'patiently'

describe('waits', () => {
  it('a never check that is not awaited', () => {
    void during('100ms').never(() => false)
  })

  it('an awaited never check', async () => {
    await during('50ms').never(() => false)
  })

  it('a wait built in steps, then awaited', async () => {
    const ready = until(() => 1).every(10)
    assert.equal(await ready.atMost('1s'), 1)
  })

  it('a never check not awaited in a test that takes done', (done) => {
    void during('100ms').never(() => false)
    setTimeout(done, 10)
  })
})

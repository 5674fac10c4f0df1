import { afterEach, describe, it } from 'mocha'
import { during } from 'patiently'

describe('a suite whose afterEach forgets a wait', () => {
  afterEach(() => {
    void during('50ms').never(() => false)
  })

  it('runs its first test', () => {})

  it('still runs its second test', () => {})
})

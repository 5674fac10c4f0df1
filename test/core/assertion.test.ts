// What an assertion failure carries, read from the errors that assertion libraries really throw.
import assert from 'node:assert/strict'
import { expect as jestExpect } from 'expect'
import { describe, expect, test } from 'vitest'
import { comparisonOf, describeComparison, failedAt } from '../../src/core/assertion.js'

function thrown(block: () => void): unknown {
  try {
    block()
  } catch (error) {
    return error
  }
  throw new Error('expected the block to throw')
}

describe('comparisonOf', () => {
  test.each([
    ['node:assert', () => assert.equal('pending', 'paid')],
    ["vitest's expect", () => expect('pending').toBe('paid')],
    ["jest's expect (matcherResult)", () => jestExpect('pending').toBe('paid')],
  ])('%s: the two sides', (_, block) => {
    expect(comparisonOf(thrown(block))).toEqual({ expected: 'paid', actual: 'pending' })
  })

  test('none on an error that compared nothing, or that cannot be read', () => {
    expect(comparisonOf(new Error('x'))).toBeUndefined()
    expect(comparisonOf('text')).toBeUndefined()
    const trap = (): never => {
      throw new Error('trap')
    }
    expect(comparisonOf(new Proxy({}, { get: trap, has: trap }))).toBeUndefined()
  })
})

describe('describeComparison', () => {
  test('values on one line side by side', () => {
    expect(describeComparison({ expected: 'paid', actual: 'pending' })).toEqual([
      'expected: "paid"',
      'actual:   "pending"',
    ])
  })

  test('objects and strings of several lines as a line diff', () => {
    const expected = {
      status: 'paid',
      customer: { id: 'c-1', name: 'Ada Lovelace' },
      lines: [1, 2, 3],
    }
    const actual = {
      status: 'pending',
      customer: { id: 'c-1', name: 'Ada Lovelace' },
      lines: [1, 2, 3],
    }
    expect(describeComparison({ expected, actual })).toEqual([
      '- expected',
      '+ actual',
      '  {',
      '-   status: "paid"',
      '+   status: "pending"',
      '    customer: { id: "c-1", name: "Ada Lovelace" }',
      '    lines: [1, 2, 3]',
      '  }',
    ])
    expect(describeComparison({ expected: 'a\nb\nc', actual: 'a\nx\nc' })).toEqual([
      '- expected',
      '+ actual',
      '  a',
      '- b',
      '+ x',
      '  c',
    ])
  })

  test('at most 24 lines', () => {
    const many = (n: number): string => Array.from({ length: n }, (_, i) => `line ${i}`).join('\n')
    const lines = describeComparison({ expected: many(40), actual: `changed\n${many(40)}` })
    expect(lines).toHaveLength(24)
    expect(lines[23]).toBe('… 20 more lines')
  })
})

describe('failedAt', () => {
  test("the first frame in the user's code, relative to the working directory", () => {
    const error = thrown(() => expect(1).toBe(2))
    const line = /assertion\.test\.ts:(\d+):\d+/.exec((error as Error).stack ?? '')?.[1]
    expect(failedAt(error)).toMatch(new RegExp(`^test/core/assertion\\.test\\.ts:${line}:\\d+$`))
  })

  test('none for an error without a stack, or with only library frames', () => {
    expect(failedAt('text')).toBeUndefined()
    const library = Object.assign(new Error('x'), {
      stack:
        'Error: x\n    at f (/app/node_modules/lib/index.js:1:1)\n    at node:internal/timers:5:3',
    })
    expect(failedAt(library)).toBeUndefined()
  })
})

import { expect, test } from 'vitest'
import { duration, headerPair, statusCheck, textCheck, whole } from '../../src/cli/values.js'

test('durations take a unit or a bare number of milliseconds', () => {
  expect(['250ms', '3s', '1.5m', '250'].map((d) => duration(d, '--every'))).toEqual([
    250, 3000, 90_000, 250,
  ])
})

test('--status accepts codes, lists, ranges and classes', () => {
  const accepted = (spec: string): number[] =>
    [199, 200, 204, 299, 301, 404, 503].filter((s) => statusCheck(spec, '--status').test(s))
  expect(accepted('200')).toEqual([200])
  expect(accepted('200,204')).toEqual([200, 204])
  expect(accepted('200-299')).toEqual([200, 204, 299])
  expect(accepted('2xx,404')).toEqual([200, 204, 299, 404])
})

test('a text check is a substring, or a regular expression between slashes', () => {
  expect(textCheck('ready', '--body').test('all ready now')).toBe(true)
  expect(textCheck('ready', '--body').test('READY')).toBe(false)
  expect(textCheck('/^ready$/i', '--body').test('READY')).toBe(true)
  // The g flag would make a second test start where the first ended.
  const global = textCheck('/ok/g', '--body')
  expect([global.test('ok'), global.test('ok')]).toEqual([true, true])
})

test('headers are name: value, the name in lower case', () => {
  expect(headerPair('Content-Type:  application/json ', '--header', false)).toEqual([
    'content-type',
    'application/json',
  ])
  expect(headerPair('x-ready', '--header', false)).toEqual(['x-ready', ''])
})

test('a whole number is digits only, in range, and a mistake shows the text as typed', () => {
  expect(whole('0', '--port', 0, 65535)).toBe(0)
  expect(whole('3', '--count')).toBe(3)
  expect(() => whole('99999999999999999999', '--count')).toThrow(
    new TypeError(
      "Expected `--count` to be a whole number of at least 1, got '99999999999999999999'",
    ),
  )
  expect(() => whole('1e3', '--count')).toThrow(
    new TypeError("Expected `--count` to be a whole number of at least 1, got '1e3'"),
  )
  expect(() => whole('70000', '--port', 0, 65535)).toThrow(
    new TypeError("Expected `--port` to be a whole number from 0 to 65535, got '70000'"),
  )
})

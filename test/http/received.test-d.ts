import { until } from 'patiently'
import { expectTypeOf, test } from 'vitest'
import type { HttpSink, Received, RecordedRequest } from '../../src/http/index.js'

declare const sink: HttpSink

test('until(sink.received(...)) resolves with one request; the count variants with a list', async () => {
  expectTypeOf(await until(sink.received('/callbacks'))).toEqualTypeOf<RecordedRequest>()
  expectTypeOf(await until(sink.received('/callbacks').count(2))).toEqualTypeOf<
    readonly RecordedRequest[]
  >()
  expectTypeOf(await until(sink.received().exactly(1))).toEqualTypeOf<readonly RecordedRequest[]>()
  expectTypeOf(await until(sink.received().all())).toEqualTypeOf<readonly RecordedRequest[]>()
  expectTypeOf(
    await until(sink.received().where((r) => r.rawBody.length < 1000)),
  ).toEqualTypeOf<RecordedRequest>()
  expectTypeOf(sink.received('/callbacks').found()).toEqualTypeOf<readonly RecordedRequest[]>()
  expectTypeOf(sink.received()).toEqualTypeOf<Received<RecordedRequest>>()
})

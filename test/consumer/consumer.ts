// A strict TypeScript consumer: the published types must infer and check as documented.
import { until, during, backoff, type WaitResult } from 'patiently'
import { startHttpSink } from 'patiently/http'
import { sqsBus } from 'patiently/sqs'

const five: number = await until(() => 5).atMost(100)
const result: WaitResult<string> = await until(async () => 'x').result()
await during('10ms')
  .never(() => false)
  .every(backoff({ initial: 1 }))
export { five, result, startHttpSink, sqsBus }

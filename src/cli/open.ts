import type { Invocation } from './args.js'
import { commandTarget } from './command.js'
import { fileTarget } from './file.js'
import { httpTarget } from './http.js'
import { kindOf } from './kind.js'
import { receiveTarget } from './receive.js'
import { sqsTarget } from './sqs.js'
import { tcpTarget } from './tcp.js'
import type { Target } from './target.js'

/** Makes the target written as `text` ready to wait on: a sink listening, a client made. */
export function openTarget(
  text: string,
  invocation: Invocation,
  note: (line: string) => void,
): Promise<Target> | Target {
  const { checks } = invocation
  switch (kindOf(text)) {
    case 'http':
      return httpTarget(text, checks, invocation.request)
    case 'tcp':
      return tcpTarget(text)
    case 'file':
      return fileTarget(text, checks)
    case 'cmd':
      return commandTarget(text, checks)
    case 'sqs':
      return sqsTarget(text, checks, invocation.queue)
    case 'receive':
      return receiveTarget(invocation.listen, checks, note)
  }
}

import type { Invocation } from './args.js'
import { commandTarget } from './command.js'
import { fileTarget } from './file.js'
import { httpTarget } from './http.js'
import { receiveTarget } from './receive.js'
import type { TargetSpec } from './spec.js'
import { loadSqs, sqsTarget } from './sqs.js'
import { tcpTarget } from './tcp.js'
import type { Target } from './target.js'

/**
 * Loads what the targets need beyond patiently itself (the AWS SDK for `sqs:`), so that a missing
 * module is said before any target opens; throws a TypeError that says what to install.
 */
export async function loadModules(specs: readonly TargetSpec[]): Promise<void> {
  const sqs = specs.find((spec) => spec.kind === 'sqs')
  if (sqs) await loadSqs(sqs.text)
}

/** Makes a target ready to wait on: a sink listening, a client made. */
export function openTarget(
  spec: TargetSpec,
  invocation: Invocation,
  note: (line: string) => void,
): Promise<Target> | Target {
  const { checks } = invocation
  switch (spec.kind) {
    case 'http':
      return httpTarget(spec.text, checks, invocation.request)
    case 'tcp':
      return tcpTarget(spec)
    case 'file':
      return fileTarget(spec.text, checks)
    case 'cmd':
      return commandTarget(spec.text, checks)
    case 'sqs':
      return sqsTarget(spec, checks, invocation.queue)
    case 'receive':
      return receiveTarget(invocation.listen, checks, note)
  }
}

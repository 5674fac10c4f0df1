export { json, type AttributeValue, type Decoder, type ReceivedMessage } from './message.js'
export { sqsBus, type QueueOptions, type SqsBus, type SqsBusOptions } from './bus.js'
export type { Encoder, PublishOptions, SendOptions, Sent } from './publish.js'
export type { PurgeOptions } from './purge.js'
export type { Received } from '../shared/received.js'
export type { ReceiveMode } from './receiver.js'
export type {
  CreateQueueOptions,
  CreateTopicOptions,
  DeadLetterOptions,
  SubscribeOptions,
} from './resources.js'

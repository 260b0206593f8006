export { createConsumer, type Consumer, type ConsumerStats } from './consumer.ts';
export { ConsumerRuntimeSettings, type ConsumerOptions, type EventHandler, type HandlerContext } from './options.ts';
export { applyIfNewer, insertOnce, isDuplicateKey, SEQUENCE_FIELD, type ApplyResult, type InsertResult } from './idempotent.ts';
export { declareTopology, topologyQueues } from './topology.ts';
export { deadLetterQueueOf, retryQueueOf, mainQueueOf, DEAD_LETTER_EXCHANGE } from './names.ts';
export { HEADER } from './headers.ts';
export { backoffDelayMs } from './backoff.ts';
export { runtimeErrors } from './errors.ts';
export type { Outcome } from './delivery.ts';

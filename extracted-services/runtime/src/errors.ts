import { defineError } from '#lib';

export const runtimeErrors = {
  connectFailed: defineError<{ queue: string; reason: string }>(
    'PEEL_RUNTIME_CONNECT_FAILED',
    undefined,
    (d) => `consumer for queue ${d.queue} could not connect to RabbitMQ: ${d.reason}`,
  ),
  brokerUnreachable: defineError<{ url: string; reason: string }>(
    'PEEL_RUNTIME_BROKER_UNREACHABLE',
    undefined,
    (d) => `cannot reach RabbitMQ at ${d.url}: ${d.reason}; start it with rabbitmq-server -detached or set AMQP_URL`,
  ),
  invalidJson: defineError<{ reason: string }>('PEEL_RUNTIME_INVALID_JSON', undefined, (d) => `message body is not JSON: ${d.reason}`),
  redeliveryLimit: defineError<{ deliveries: number; limit: number }>(
    'PEEL_RUNTIME_REDELIVERY_LIMIT',
    undefined,
    (d) =>
      `delivered ${d.deliveries} times without an ack (limit ${d.limit} redeliveries): a consumer died holding it each time; dead-lettered without running the handler again`,
  ),
  handlerFailed: defineError<{ reason: string }>('PEEL_RUNTIME_HANDLER_FAILED', undefined, (d) => `handler failed: ${d.reason}`),
  badState: defineError<{ queue: string; state: string }>(
    'PEEL_RUNTIME_BAD_STATE',
    undefined,
    (d) => `consumer for queue ${d.queue} cannot start while ${d.state}`,
  ),
  queueMissing: defineError<{ queue: string }>(
    'PEEL_RUNTIME_QUEUE_NOT_FOUND',
    undefined,
    (d) => `queue ${d.queue} does not exist on the broker`,
  ),
  copyUnroutable: defineError<{ exchange: string; routingKey: string }>(
    'PEEL_RUNTIME_COPY_UNROUTABLE',
    undefined,
    (d) => `no queue took the retry or dead-letter copy sent to exchange ${d.exchange} with key ${d.routingKey}, even after declaring the topology again; the original goes back to its queue`,
  ),
  adapterStatusUnreadable: defineError<{ url: string; reason: string }>(
    'PEEL_RUNTIME_ADAPTER_STATUS_UNREADABLE',
    undefined,
    (d) => `cannot read the adapter status at ${d.url}: ${d.reason}; sync lag is unknown`,
  ),
  updateInvalid: defineError<{ reason: string }>(
    'PEEL_RUNTIME_INVALID_UPDATE',
    undefined,
    (d) => `applyIfNewer got an invalid update: ${d.reason}`,
  ),
};

import { defineError } from '#lib';

export const adapterErrors = {
  resumeTokenLost: defineError<{ db: string; reason: string }>(
    'PEEL_ADAPTER_RESUME_TOKEN_LOST',
    undefined,
    (d) => `the change stream of database ${d.db} cannot resume: its resume point is gone from the change log (${d.reason}); run \`peel adapter --snapshot\` or set snapshot.onResumeTokenLost=resnapshot`,
  ),
  mappingFailed: defineError<{ namespace: string; operation: string; reason: string }>(
    'PEEL_ADAPTER_MAPPING_FAILED',
    undefined,
    (d) => `cannot map the ${d.operation} change of ${d.namespace}: ${d.reason}`,
  ),
  brokerUnavailable: defineError<{ reason: string }>(
    'PEEL_ADAPTER_BROKER_UNAVAILABLE',
    undefined,
    (d) => `the broker connection or channel is gone: ${d.reason}`,
  ),
  publishNacked: defineError<{ id: string }>('PEEL_ADAPTER_PUBLISH_NACKED', undefined, (d) => `the broker refused (nacked) event ${d.id}`),
  replayInvalid: defineError<{ field: string; problem: string }>(
    'PEEL_ADAPTER_REPLAY_INVALID',
    undefined,
    (d) => `replay: ${d.field} ${d.problem}`,
  ),
  replayUnroutable: defineError<{ count: number; target: string }>(
    'PEEL_ADAPTER_REPLAY_UNROUTABLE',
    undefined,
    (d) => `replay: ${d.count} events could not be routed to ${d.target} (no queue bound or queue missing)`,
  ),
};

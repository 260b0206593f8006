import type { AdapterStatus } from '#contracts';
import type { CaptureLoop } from './capture/capture-loop.ts';
import type { Relay } from './relay/relay.ts';
import type { EventStore } from './store/event-store.ts';
import { msSince } from './util/ms-since.ts';

export interface StatusParts {
  captures: CaptureLoop[];
  relay: Relay;
  store: EventStore;
  now: number;
}

/** Why the adapter is not ready; empty when it is. */
export function notReadyReasons(parts: StatusParts): string[] {
  const reasons: string[] = [];
  for (const capture of parts.captures) {
    const db = capture.watch.db;
    if (capture.state === 'resume-token-lost') reasons.push(`capture ${db}: resume token lost (PEEL_ADAPTER_RESUME_TOKEN_LOST): ${capture.lastError ?? ''}`.trim());
    else if (capture.state === 'stopped') reasons.push(`capture ${db}: stopped${capture.lastError ? `: ${capture.lastError}` : ''}`);
    else if (capture.state === 'starting') reasons.push(`capture ${db}: starting`);
    else if (capture.state === 'snapshotting') reasons.push(`capture ${db}: snapshot in progress`);
  }
  if (!parts.relay.connected) reasons.push('relay: not connected to the broker');
  if (parts.relay.blocked) reasons.push(`relay: broker blocked publishing (${parts.relay.blockedReason || 'no reason given'})`);
  return reasons;
}

/** Now minus the commit time of the newest stored change; 0 while every stream is caught up. */
export function captureLagMs(parts: StatusParts): number | null {
  if (parts.captures.every((c) => c.caughtUp)) return 0;
  const last = parts.store.lastEventTime;
  return last === null ? null : msSince(last, parts.now);
}

export function adapterStatus(parts: StatusParts): AdapterStatus {
  const reasons = notReadyReasons(parts);
  const published = parts.relay.lastPublishedSequence;
  return {
    ready: reasons.length === 0,
    reasons,
    capture: { lastSequence: parts.store.lastSequence, lastEventTime: parts.store.lastEventTime, lagMs: captureLagMs(parts) },
    relay: {
      lastPublishedSequence: published,
      lagEvents: Math.max(0, parts.store.lastSequence - published),
      lagMs: parts.relay.lagMs(),
      blocked: parts.relay.blocked,
    },
  };
}

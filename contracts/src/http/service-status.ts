import { z } from 'zod';
import { IsoDateTime } from '../common.ts';

/**
 * How far an extracted service is behind the legacy data, as it reports on `/readyz`
 * (HTTP 200 when ready, 503 when not). The proxy's progress line shows it next to the
 * features the service owns.
 */
export const SyncLag = z
  .object({
    /** Milliseconds between the newest event the adapter stored and the newest one applied; null when unknown. */
    ms: z.number().min(0).nullable(),
    /** Events (by adapter sequence) not yet applied; null when unknown. */
    sequence: z.int().min(0).nullable(),
    lastAppliedSequence: z.int().min(0).nullable(),
    lastAppliedTime: IsoDateTime.nullable(),
  })
  .strict();
export type SyncLag = z.infer<typeof SyncLag>;

export const ServiceReadiness = z
  .object({
    service: z.string().min(1),
    ready: z.boolean(),
    /** Why the service is not ready, when it is not. */
    reasons: z.array(z.string()).default([]),
    lag: SyncLag.optional(),
  })
  .strict();
export type ServiceReadiness = z.infer<typeof ServiceReadiness>;

/** What the adapter reports at `GET /status`: where capture and relay are. */
export const AdapterStatus = z
  .object({
    ready: z.boolean(),
    reasons: z.array(z.string()).default([]),
    capture: z
      .object({
        lastSequence: z.int().min(0),
        lastEventTime: IsoDateTime.nullable(),
        lagMs: z.number().min(0).nullable(),
      })
      .strict(),
    relay: z
      .object({
        lastPublishedSequence: z.int().min(0),
        lagEvents: z.int().min(0),
        lagMs: z.number().min(0).nullable(),
        /** The broker told the relay's connection to stop publishing (`connection.blocked`); absent from older adapters. */
        blocked: z.boolean().default(false),
      })
      .strict(),
  })
  .strict();
export type AdapterStatus = z.infer<typeof AdapterStatus>;

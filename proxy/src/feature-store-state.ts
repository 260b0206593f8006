import { z } from 'zod';
import { FallbackPolicy, FeatureMode, OwnerName } from '#contracts';
import { describeIssues, issuesToText } from '#lib';
import { proxyErrors } from './errors.ts';
import type { PersistedState } from './store-backend.ts';

const StoredOwnership = z.object({
  owner: OwnerName,
  mode: FeatureMode,
  percent: z.number().min(0).max(100),
  fallback: FallbackPolicy,
});

const StoredState = z.object({
  version: z.int().min(0),
  features: z.record(z.string(), StoredOwnership),
});

/** Checks state read back from storage; a damaged state stops the proxy instead of being silently forgotten. */
export function parseStoredState(raw: unknown, origin: string): PersistedState {
  const result = StoredState.safeParse(raw);
  if (!result.success) throw proxyErrors.stateInvalid({ origin, problem: issuesToText(describeIssues(result.error)) });
  return result.data;
}

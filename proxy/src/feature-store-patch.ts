import { z } from 'zod';
import { FallbackPolicy, FeatureMode, LEGACY, OwnerName, type FeatureTable } from '#contracts';
import { describeIssues, type FieldIssue } from '#lib';
import { proxyErrors } from './errors.ts';
import type { FeatureOwnership } from './feature-store-ownership.ts';

/** What `PUT /features/:name` and `update()` accept; every field optional. */
export const FeaturePatch = z
  .object({
    owner: OwnerName.optional(),
    mode: FeatureMode.optional(),
    percent: z.number().min(0).max(100).optional(),
    fallback: FallbackPolicy.optional(),
  })
  .strict();
export type FeaturePatch = z.output<typeof FeaturePatch>;

/**
 * Back to legacy: all traffic to the monolith. The fallback policy is the operator's
 * setting for when the service owns the feature again, so it stays as it was.
 */
export function rolledBack(current: FeatureOwnership): FeatureOwnership {
  return { owner: LEGACY, mode: 'legacy', percent: 0, fallback: current.fallback };
}

/**
 * Resolves a patch against the feature's current ownership into a complete, consistent
 * ownership, so operators can say what they mean in one flag: `owner: catalog` alone means
 * the service takes all traffic, `owner: legacy` alone means back to the monolith, and a
 * percent without a mode means a canary.
 */
export function resolvePatch(table: FeatureTable, name: string, current: FeatureOwnership, input: unknown): FeatureOwnership {
  const parsed = FeaturePatch.safeParse(input);
  if (!parsed.success) throw proxyErrors.featureChangeInvalid({ feature: name, issues: patchIssues(parsed.error) });
  const patch = parsed.data;
  if (patch.owner !== undefined && patch.owner !== LEGACY && !table.upstreams[patch.owner]) {
    throw proxyErrors.featureOwnerUnknown({ feature: name, owner: patch.owner, known: Object.keys(table.upstreams) });
  }
  const mode = patch.mode ?? impliedMode(patch, current);
  const owner = mode === 'legacy' ? (patch.owner ?? LEGACY) : (patch.owner ?? current.owner);
  const issues = consistencyIssues(patch, mode, owner, current);
  if (issues.length > 0) throw proxyErrors.featureChangeInvalid({ feature: name, issues });
  return {
    owner: mode === 'legacy' ? LEGACY : owner,
    mode,
    percent: percentFor(mode, patch.percent ?? current.percent),
    fallback: patch.fallback ?? current.fallback,
  };
}

function impliedMode(patch: FeaturePatch, current: FeatureOwnership): FeatureOwnership['mode'] {
  if (patch.owner === LEGACY) return 'legacy';
  if (patch.percent !== undefined) return 'canary';
  if (patch.owner !== undefined) return 'service';
  return current.mode;
}

function consistencyIssues(patch: FeaturePatch, mode: FeatureOwnership['mode'], owner: string, current: FeatureOwnership): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (path: string, expected: string): void => {
    issues.push({ path, expected, message: `expected ${expected}` });
  };
  if (mode !== 'legacy' && owner === LEGACY) issue('owner', `a service owner for mode ${mode}, not legacy`);
  if (mode === 'legacy' && patch.owner !== undefined && patch.owner !== LEGACY) issue('owner', 'legacy (or no owner) with mode legacy');
  if (mode === 'canary' && patch.percent === undefined && current.mode !== 'canary') issue('percent', 'a number from 0 to 100 for mode canary');
  if (patch.percent !== undefined && mode === 'service' && patch.percent !== 100) issue('percent', '100 (or no percent) with mode service; use mode canary for a split');
  if (patch.percent !== undefined && mode === 'legacy' && patch.percent !== 0) issue('percent', '0 (or no percent) with mode legacy; use mode canary for a split');
  return issues;
}

function percentFor(mode: FeatureOwnership['mode'], percent: number): number {
  if (mode === 'legacy') return 0;
  if (mode === 'service') return 100;
  return percent;
}

/** Names each unknown field on its own, so `{ "ownr": "x" }` reads `ownr: expected ...`. */
function patchIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.flatMap((issue, i) => {
    if (issue.code !== 'unrecognized_keys') return [describeIssues(error)[i] as FieldIssue];
    const expected = `no such field (known: ${Object.keys(FeaturePatch.shape).join(', ')}, reason)`;
    return issue.keys.map((key) => ({ path: key, expected, message: `unknown field ${key}` }));
  });
}

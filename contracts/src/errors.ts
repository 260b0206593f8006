import { defineError, type FieldIssue } from '#lib';
import { issuesToText } from '#lib/zod-issues';

export const contractErrors = {
  unknownEventType: defineError<{ type: unknown; known: string[] }>(
    'PEEL_CONTRACTS_UNKNOWN_EVENT_TYPE',
    400,
    (d) => `unknown event type ${JSON.stringify(d.type)}; known types: ${d.known.join(', ')}`,
  ),
  invalidEvent: defineError<{ type: string; issues: FieldIssue[] }>(
    'PEEL_CONTRACTS_INVALID_EVENT',
    400,
    (d) => `invalid ${d.type} event: ${issuesToText(d.issues)}`,
  ),
  invalidFeatureTable: defineError<{ issues: FieldIssue[] }>(
    'PEEL_CONTRACTS_INVALID_FEATURE_TABLE',
    400,
    (d) => `invalid feature table: ${issuesToText(d.issues)}`,
  ),
};

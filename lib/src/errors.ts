import { defineError } from './peel-error.ts';
import { issuesToText, type FieldIssue } from './zod-issues.ts';

export const libErrors = {
  configInvalid: defineError<{ origin: string; issues: FieldIssue[] }>(
    'PEEL_CONFIG_INVALID',
    undefined,
    (d) => `invalid configuration (${d.origin}): ${issuesToText(d.issues)}`,
  ),
  waitTimeout: defineError<{ what: string; timeoutMs: number }>(
    'PEEL_LIB_WAIT_TIMEOUT',
    undefined,
    (d) => `timed out after ${d.timeoutMs} ms waiting for ${d.what}`,
  ),
};

import { validateEvent } from '#contracts';
import type { EventDraft } from './draft.ts';

export type DraftCheck = { ok: true } | { ok: false; code: string; reason: string };

/**
 * Validates a draft against its contract before it gets a sequence; the sequence is
 * the store's business and is valid by construction.
 */
export function checkDraft(d: EventDraft): DraftCheck {
  const result = validateEvent({ ...d, sequence: 1 });
  return result.ok ? { ok: true } : { ok: false, code: result.code, reason: result.message };
}

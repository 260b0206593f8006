import { validateEvent, type PeelEvent } from '#contracts';
import { runtimeErrors } from './errors.ts';

export type Decoded = { ok: true; event: PeelEvent } | { ok: false; code: string; reason: string };

/** JSON body → a contract-valid event, or the reason (and code) it is not one. Never throws. */
export function decodeEvent(content: Buffer): Decoded {
  let body: unknown;
  try {
    body = JSON.parse(content.toString('utf8'));
  } catch (err) {
    const error = runtimeErrors.invalidJson({ reason: err instanceof Error ? err.message : String(err) });
    return { ok: false, code: error.code, reason: error.message };
  }
  const result = validateEvent(body);
  return result.ok ? { ok: true, event: result.event } : { ok: false, code: result.code, reason: result.message };
}

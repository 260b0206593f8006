import { draft, type EventDraft } from './draft.ts';
import type { RawChange } from './raw-change.ts';
import { userState } from './shop-state.ts';
import { toHexId } from './values.ts';

export interface DraftBase {
  id: string;
  source: string;
  time: string;
}

/** Users only have a domain event for registration; other changes stay raw. */
export function mapUserChange(change: RawChange, base: DraftBase): EventDraft | undefined {
  if (change.operationType !== 'insert' || !change.fullDocument) return undefined;
  const doc = change.fullDocument;
  return draft('shop.user.registered.v1', { ...base, subject: String(toHexId(doc._id)), data: userState(doc) });
}

import type { StoredEvent } from '../store/event-store.ts';

/** unsent: to publish; sent: awaiting the confirm; waiting: returned, retry scheduled; parking: being parked; settled: done. */
export type EntryState = 'unsent' | 'sent' | 'waiting' | 'parking' | 'settled';

export interface Entry {
  event: StoredEvent;
  state: EntryState;
  /** How many times the broker returned it as unroutable. */
  returns: number;
  /** Which broker session the last publish went out on; a confirm from an older one is stale. */
  session: number;
}

/**
 * The relay's window: events read from the store and not yet behind the checkpoint, in
 * sequence order. The checkpoint only moves over a contiguous settled prefix.
 */
export class InFlight {
  private readonly entries = new Map<number, Entry>();

  get size(): number {
    return this.entries.size;
  }

  add(event: StoredEvent): Entry {
    const entry: Entry = { event, state: 'unsent', returns: 0, session: 0 };
    this.entries.set(event.sequence, entry);
    return entry;
  }

  unsent(): Entry[] {
    return [...this.entries.values()].filter((e) => e.state === 'unsent');
  }

  /** After losing the channel: whatever was sent and not confirmed goes out again. */
  resend(): void {
    for (const entry of this.entries.values()) if (entry.state === 'sent') entry.state = 'unsent';
  }

  /** Removes the settled prefix and returns the last sequence removed, if any. */
  takeSettledPrefix(): StoredEvent | undefined {
    let last: StoredEvent | undefined;
    for (const [sequence, entry] of this.entries) {
      if (entry.state !== 'settled') break;
      this.entries.delete(sequence);
      last = entry.event;
    }
    return last;
  }

  oldest(): StoredEvent | undefined {
    return this.entries.values().next().value?.event;
  }
}

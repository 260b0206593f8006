import type { ChangeStream, ChangeStreamDocument, Document } from 'mongodb';

/** Idle getMores return quickly, so `tryNext` polls without holding a test up. */
export const WATCH_OPTIONS = { maxAwaitTimeMS: 50 } as const;

/**
 * Opens the stream on the server (the driver sends the aggregate lazily) so that every
 * change made after this resolves is seen, as the driver's own tests wait for `init`.
 */
export async function opened<T extends Document>(stream: ChangeStream<T>): Promise<ChangeStream<T>> {
  await stream.tryNext();
  return stream;
}

/** The next `count` events; a server error rejects at once, silence fails after `timeoutMs`. */
export async function take<T extends Document = Document>(stream: ChangeStream<T>, count: number, timeoutMs = 10_000): Promise<ChangeStreamDocument<T>[]> {
  const events: ChangeStreamDocument<T>[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    if (Date.now() > deadline) throw new Error(`got ${events.length} of ${count} change events within ${timeoutMs} ms`);
    const event = await stream.tryNext();
    if (event !== null) events.push(event as ChangeStreamDocument<T>);
  }
  return events;
}

/** The operation types of some events, for compact assertions. */
export const types = (events: Array<{ operationType: string }>): string[] => events.map((e) => e.operationType);

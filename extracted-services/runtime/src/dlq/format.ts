import type { DeadLetter } from './dead-letter.ts';
import type { DlqListing } from './list.ts';
import type { RetryResult } from './retry.ts';

/** Human-readable lines for `peel dlq`; `--json` prints the objects instead. */
export function formatListing(listing: DlqListing): string {
  const source = listing.source === 'management' ? 'management API' : 'known queue names (management API not reachable)';
  if (listing.queues.length === 0) return `no dead-letter queues found (from ${source})\n`;
  const width = Math.max(5, ...listing.queues.map((q) => q.queue.length));
  const rows = listing.queues.map((q) => `${q.queue.padEnd(width)}  ${q.deadLetters}`);
  return [`${'queue'.padEnd(width)}  dead letters`, ...rows, `(from ${source})`].join('\n') + '\n';
}

export function formatDeadLetters(result: { queue: string; depth: number; messages: DeadLetter[] }): string {
  const head = `${result.queue}.dlq: ${result.depth} dead letter${result.depth === 1 ? '' : 's'}, showing ${result.messages.length}`;
  return [head, ...result.messages.map(formatOne)].join('\n') + '\n';
}

function formatOne(m: DeadLetter, index: number): string {
  const facts = [
    m.code ? `code=${m.code}` : undefined,
    m.attempts === undefined ? undefined : `attempts=${m.attempts}`,
    m.deadLetteredAt ? `at=${m.deadLetteredAt}` : undefined,
  ].filter(Boolean);
  return [
    `#${index + 1} ${m.messageId ?? '(no message id)'} ${m.type ?? '(unknown type)'} ${facts.join(' ')}`.trimEnd(),
    `   reason: ${m.reason}`,
    `   origin: exchange=${JSON.stringify(m.exchange)} routingKey=${JSON.stringify(m.routingKey)}`,
  ].join('\n');
}

export function formatRetry(r: RetryResult): string {
  const unroutable = r.unroutable ? `; ${r.unroutable} unroutable, left in the DLQ` : '';
  return `retried ${r.retried} dead letter${r.retried === 1 ? '' : 's'} from ${r.queue}.dlq (${r.remaining} left${unroutable})\n`;
}

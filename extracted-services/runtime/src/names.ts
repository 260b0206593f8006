import { DEAD_LETTER_EXCHANGE } from '#contracts';

/** The queue holding dead letters of `queue`, bound to `peel.dlx` with the queue's name as key. */
export function deadLetterQueueOf(queue: string): string {
  return `${queue}.dlq`;
}

/**
 * One delay queue per distinct delay: every message in it has the same TTL, so the head
 * always expires first and a long delay never holds back a short one (the head-of-line
 * problem of per-message expiration in one shared queue).
 */
export function retryQueueOf(queue: string, delayMs: number): string {
  return `${queue}.retry.${delayMs}`;
}

/** The main queue a DLQ name belongs to; accepts either form. */
export function mainQueueOf(name: string): string {
  return name.endsWith('.dlq') ? name.slice(0, -'.dlq'.length) : name;
}

/** The delay before the retry that follows `attempt` (1-based); the last delay repeats. */
export function retryDelayFor(attempt: number, retryDelaysMs: readonly number[]): number {
  const index = Math.min(Math.max(attempt - 1, 0), retryDelaysMs.length - 1);
  return retryDelaysMs[index] as number;
}

/** How long a failing event is retried in all before it is dead-lettered: the delays between its attempts. */
export function retryBudgetMs(maxAttempts: number, retryDelaysMs: readonly number[]): number {
  let total = 0;
  for (let attempt = 1; attempt < maxAttempts; attempt++) total += retryDelayFor(attempt, retryDelaysMs);
  return total;
}

export { DEAD_LETTER_EXCHANGE };

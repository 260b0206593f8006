export { listDeadLetterQueues, type DlqListing, type ListOptions } from './list.ts';
export { showDeadLetters } from './show.ts';
export { retryDeadLetters, type RetryResult } from './retry.ts';
export { purgeDeadLetters } from './purge.ts';
export { describeDeadLetter, type DeadLetter } from './dead-letter.ts';

import { randomBytes } from 'node:crypto';

/** A name no other test (or rerun) uses: `<prefix>-<pid>-<random>`, safe for queues and databases. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${randomBytes(4).toString('hex')}`.replace(/[^A-Za-z0-9_.-]/g, '_');
}

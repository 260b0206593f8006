import type { Logger } from '#lib';

export interface ProgressOptions {
  logger: Logger;
  /** Where to draw the bar; only when it is a TTY. */
  tty?: NodeJS.WriteStream | undefined;
  /** Log at most this often (the bar is redrawn on every update). */
  logIntervalMs?: number;
}

const BAR_WIDTH = 30;

/** Progress of a long copy: an info line now and then, and a bar on a terminal. */
export class Progress {
  private lastLog = 0;
  /** The last update, so a repeat of it (the end of a copy announced twice) is shown once. */
  private last = '';

  constructor(
    private readonly label: string,
    private readonly options: ProgressOptions,
  ) {}

  update(fields: Record<string, unknown>, done: number, total: number): void {
    const key = JSON.stringify([fields, done, total]);
    if (key === this.last) return;
    this.last = key;
    const now = Date.now();
    const finished = done >= total;
    if (finished || now - this.lastLog >= (this.options.logIntervalMs ?? 1_000)) {
      this.lastLog = now;
      this.options.logger.info({ ...fields, done, total }, `${this.label} progress`);
    }
    const tty = this.options.tty;
    if (tty?.isTTY) tty.write(`\r${this.label} ${bar(done, total)} ${done}/${total}${finished ? '\n' : ''}`);
  }
}

function bar(done: number, total: number): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${Math.round(ratio * 100)}%`;
}

import type { Logger } from 'pino';
import type { ProgressTracker } from './progress-tracker.ts';
import type { ProxyMetrics } from './proxy-metrics.ts';
import type { RequestRecord } from './request-record.ts';

/** Where every finished request goes: one log line, the metrics, the progress window. */
export class RequestObserver {
  private readonly logger: Logger;

  constructor(
    logger: Logger,
    private readonly metrics: ProxyMetrics,
    private readonly progress: ProgressTracker,
  ) {
    // A request record holds no headers, cookies or bodies, so the per-line redaction
    // walk (a measurable share of the hot path) is skipped for these lines only.
    this.logger = logger.child({}, { redact: [] });
  }

  record(record: RequestRecord): void {
    this.logger.info(record, 'request');
    this.metrics.record(record);
    this.progress.add(record);
  }
}

import type { Logger } from 'pino';
import type { ProgressTracker } from './progress-tracker.ts';
import type { ProxyMetrics } from './proxy-metrics.ts';
import type { RequestRecord } from './request-record.ts';

/** Where every finished request goes: one log line, the metrics, the progress window. */
export class RequestObserver {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: ProxyMetrics,
    private readonly progress: ProgressTracker,
  ) {}

  record(record: RequestRecord): void {
    this.logger.info(record, 'request');
    this.metrics.record(record);
    this.progress.add(record);
  }
}

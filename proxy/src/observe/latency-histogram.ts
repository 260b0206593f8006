/**
 * Latency quantiles in fixed memory: logarithmic buckets growing by 10 % from 0.05 ms,
 * so p50/p99 are reported within 10 % for anything from 50 µs to minutes.
 */
const GROWTH = 1.1;
const FIRST_MS = 0.05;
const BUCKET_COUNT = 200;
const LOG_GROWTH = Math.log(GROWTH);

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKET_COUNT);
  private total = 0;

  /** The bucket of `ms`: computed once when one sample goes into several histograms. */
  static bucketOf(ms: number): number {
    return ms <= FIRST_MS ? 0 : Math.min(BUCKET_COUNT - 1, Math.ceil(Math.log(ms / FIRST_MS) / LOG_GROWTH));
  }

  record(ms: number): void {
    this.recordBucket(LatencyHistogram.bucketOf(ms));
  }

  recordBucket(index: number): void {
    this.counts[index] = (this.counts[index] as number) + 1;
    this.total++;
  }

  reset(): void {
    this.counts.fill(0);
    this.total = 0;
  }

  get count(): number {
    return this.total;
  }

  /** Upper bound of the bucket holding quantile `q` (0..1), in ms rounded to 0.01; 0 when empty. */
  quantile(q: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < BUCKET_COUNT; i++) {
      seen += this.counts[i] as number;
      if (seen >= rank) return Math.round(FIRST_MS * GROWTH ** i * 100) / 100;
    }
    return Math.round(FIRST_MS * GROWTH ** (BUCKET_COUNT - 1) * 100) / 100;
  }
}

import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';

/** How often the event loop delay is sampled; the monitor reports whole intervals, so the delay is what is beyond it. */
const RESOLUTION_MS = 10;

export function startLoopDelayMonitor(): IntervalHistogram {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  return histogram;
}

/** Milliseconds the loop ran late, beyond the sampling interval. */
export function loopDelaySummary(histogram: IntervalHistogram): { delayMs: { p50: number; p99: number; max: number }; samples: number } {
  const beyond = (ns: number) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  return { delayMs: { p50: beyond(histogram.percentile(50)), p99: beyond(histogram.percentile(99)), max: beyond(histogram.max) }, samples: histogram.count };
}

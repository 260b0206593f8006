import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

const OPLOG_HEADROOM = 'peel_adapter_oplog_window_headroom_seconds';

/** Latency buckets, in seconds: fine below 100 ms, where an adapter that keeps up lives. */
const LATENCY_BUCKETS = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/**
 * The adapter's Prometheus metrics, on a registry of its own (several adapters can live
 * in one test process). Counters are also read back for `/status` and the info line.
 */
export class AdapterMetrics {
  readonly registry = new Registry();
  readonly captured = new Counter({ name: 'peel_adapter_events_captured_total', help: 'Events stored from change streams and snapshots', registers: [this.registry] });
  readonly published = new Counter({ name: 'peel_adapter_events_published_total', help: 'Events confirmed by the broker', registers: [this.registry] });
  readonly rejected = new Counter({ name: 'peel_adapter_events_rejected_total', help: 'Changes that failed mapping or validation', registers: [this.registry] });
  readonly parked = new Counter({ name: 'peel_adapter_events_parked_total', help: 'Events parked after being returned unroutable', registers: [this.registry] });
  readonly captureLag = new Gauge({ name: 'peel_adapter_capture_lag_seconds', help: 'Now minus the commit time of the newest stored change (0 when caught up)', registers: [this.registry] });
  readonly relayLagEvents = new Gauge({ name: 'peel_adapter_relay_lag_events', help: 'Stored events not yet confirmed by the broker', registers: [this.registry] });
  readonly relayLag = new Gauge({ name: 'peel_adapter_relay_lag_seconds', help: 'Age of the oldest stored event not yet confirmed', registers: [this.registry] });
  readonly captureLatency = new Histogram({ name: 'peel_adapter_capture_latency_seconds', help: 'Per event: time from the change committing in the legacy database to the event being stored', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly deliveryLatency = new Histogram({ name: 'peel_adapter_delivery_latency_seconds', help: 'Per event: time from the change committing in the legacy database to the broker confirming the event', buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly capturedPerSecond = new Gauge({ name: 'peel_adapter_events_captured_per_second', help: 'Events stored per second over the last 10 s', registers: [this.registry] });
  readonly publishedPerSecond = new Gauge({ name: 'peel_adapter_events_published_per_second', help: 'Events confirmed by the broker per second over the last 10 s', registers: [this.registry] });
  /** Registered once the server shows an oplog: a server without one has no such figure (0 would read as none left). */
  private readonly oplogHeadroom = new Gauge({ name: OPLOG_HEADROOM, help: 'Time between the oldest change the server keeps and the capture position', registers: [] });

  constructor() {
    // Process figures, among them the event loop's delay (nodejs_eventloop_lag_*): a stalled
    // loop shows there before it shows as a latency tail.
    collectDefaultMetrics({ register: this.registry });
  }

  /** Seconds of headroom, or undefined when the server does not say (NaN once it has said). */
  setOplogHeadroom(seconds: number | undefined): void {
    const registered = this.registry.getSingleMetric(OPLOG_HEADROOM) !== undefined;
    if (seconds === undefined) {
      if (registered) this.oplogHeadroom.set(NaN);
      return;
    }
    if (!registered) this.registry.registerMetric(this.oplogHeadroom);
    this.oplogHeadroom.set(seconds);
  }

  async count(counter: Counter): Promise<number> {
    const value = await counter.get();
    return value.values[0]?.value ?? 0;
  }
}

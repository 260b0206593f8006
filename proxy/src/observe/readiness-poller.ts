import type { Logger } from 'pino';
import { Agent, request } from 'undici';
import { ServiceReadiness, type FeatureTable } from '#contracts';

/** What the proxy last learned from one upstream's `/readyz`; `readiness` is null while unknown. */
export interface UpstreamReadiness {
  readonly upstream: string;
  readonly readyzUrl: string;
  readonly readiness: ServiceReadiness | null;
  /** When the last poll ended (answer or failure), ISO; null before the first one. */
  readonly checkedAt: string | null;
  /** Why the readiness is unknown (refused, timeout, bad body), null when known. */
  readonly problem: string | null;
}

export interface ReadinessPollerOptions {
  readonly logger: Logger;
  readonly intervalMs: number;
  readonly timeoutMs: number;
  /** Called after each poll that changed what is known (for the metrics). */
  readonly onUpdate?: (state: UpstreamReadiness) => void;
}

/**
 * Polls the `/readyz` of every upstream that declares a `readyzUrl`, off the request path,
 * and keeps the latest answer. One poll per upstream at a time; a failed poll makes the
 * readiness unknown (never zero lag) and is logged once until the upstream answers again.
 */
export class ReadinessPoller {
  private probes = new Map<string, UpstreamProbe>();
  private readonly timer: NodeJS.Timeout;
  /** Its own connections, so closing the poller leaves no keep-alive socket holding the process. */
  private readonly agent = new Agent({ connections: 1, keepAliveTimeout: 30_000 });
  private closed = false;

  constructor(private readonly options: ReadinessPollerOptions) {
    this.timer = setInterval(() => this.pollAll(), options.intervalMs).unref();
  }

  /** Follows the upstreams of a new table: new or changed readyz URLs are polled at once. */
  sync(table: FeatureTable): void {
    if (this.closed) return;
    const next = new Map<string, UpstreamProbe>();
    for (const [name, upstream] of Object.entries(table.upstreams)) {
      if (!upstream.readyzUrl) continue;
      const current = this.probes.get(name);
      if (current?.readyzUrl === upstream.readyzUrl) next.set(name, current);
      else next.set(name, new UpstreamProbe(name, upstream.readyzUrl, this.agent, this.options));
    }
    for (const [name, probe] of this.probes) if (next.get(name) !== probe) probe.abort();
    this.probes = next;
    for (const probe of next.values()) if (probe.state.checkedAt === null) void probe.poll();
  }

  /** The latest state of `upstream`, or undefined when it has no readyzUrl. */
  get(upstream: string): UpstreamReadiness | undefined {
    return this.probes.get(upstream)?.state;
  }

  all(): UpstreamReadiness[] {
    return [...this.probes.values()].map((p) => p.state);
  }

  /** Stops polling, aborts polls in flight and closes the connections. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    for (const probe of this.probes.values()) probe.abort();
    await this.agent.close();
  }

  private pollAll(): void {
    for (const probe of this.probes.values()) void probe.poll();
  }
}

class UpstreamProbe {
  state: UpstreamReadiness;
  private inFlight = false;
  private failing = false;
  private readonly controller = new AbortController();

  constructor(
    readonly upstream: string,
    readonly readyzUrl: string,
    private readonly agent: Agent,
    private readonly options: ReadinessPollerOptions,
  ) {
    this.state = { upstream, readyzUrl, readiness: null, checkedAt: null, problem: 'not polled yet' };
  }

  async poll(): Promise<void> {
    if (this.inFlight || this.controller.signal.aborted) return;
    this.inFlight = true;
    try {
      this.succeed(await this.fetchReadiness());
    } catch (err) {
      this.fail(err);
    } finally {
      this.inFlight = false;
    }
  }

  abort(): void {
    this.controller.abort();
  }

  private async fetchReadiness(): Promise<ServiceReadiness> {
    const signal = AbortSignal.any([this.controller.signal, AbortSignal.timeout(this.options.timeoutMs)]);
    const response = await request(this.readyzUrl, { dispatcher: this.agent, signal, headers: { accept: 'application/json' } });
    const text = await response.body.text();
    const status = response.statusCode;
    // 503 is a valid answer: the service says it is not ready, with its lag.
    if (status !== 200 && status !== 503) throw new Error(`HTTP ${status}`);
    const parsed = ServiceReadiness.safeParse(parseJson(text));
    if (!parsed.success) throw new Error(`HTTP ${status} with a body that is not a ServiceReadiness: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  private succeed(readiness: ServiceReadiness): void {
    if (this.controller.signal.aborted) return;
    if (this.failing) this.options.logger.info({ upstream: this.upstream, readyzUrl: this.readyzUrl }, 'upstream readiness known again');
    this.failing = false;
    this.update({ readiness, problem: null });
  }

  private fail(err: unknown): void {
    if (this.controller.signal.aborted) return;
    const problem = describeFailure(err, this.options.timeoutMs);
    if (!this.failing) this.options.logger.warn({ upstream: this.upstream, readyzUrl: this.readyzUrl, problem }, 'upstream readiness unknown');
    this.failing = true;
    this.update({ readiness: null, problem });
  }

  private update(change: Pick<UpstreamReadiness, 'readiness' | 'problem'>): void {
    this.state = { ...this.state, ...change, checkedAt: new Date().toISOString() };
    this.options.onUpdate?.(this.state);
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFailure(err: unknown, timeoutMs: number): string {
  if ((err as Error).name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const { code, cause } = err as { code?: string; cause?: { code?: string; message?: string } };
  if (code && !code.startsWith('UND_ERR_')) return code;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

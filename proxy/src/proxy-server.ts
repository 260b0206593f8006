import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import type { Logger } from 'pino';
import { createRequestListener } from './forward-http.ts';
import { createTrustedProxies } from './forward/trusted-proxies.ts';
import { TunnelSet } from './forward/tunnel-set.ts';
import { UpstreamRegistry } from './forward/upstream-registry.ts';
import { ProgressTracker } from './observe/progress-tracker.ts';
import { buildProgressReport, type ProgressReport } from './observe/progress-report.ts';
import { ProxyMetrics } from './observe/proxy-metrics.ts';
import { ReadinessPoller } from './observe/readiness-poller.ts';
import { RequestObserver } from './observe/request-observer.ts';
import { RequestRouter } from './request-router.ts';
import { RoutingState, type SnapshotSource } from './routing-state.ts';
import { createUpgradeListener } from './upgrade-listener.ts';

export interface ProxyServerOptions {
  readonly source: SnapshotSource;
  readonly logger: Logger;
  readonly trustedProxies?: readonly string[];
  /** Whether an `x-peel-authorization` value carries the admin token (enables `x-peel-owner`). */
  readonly authorizeOverride?: (authorization: string | undefined) => boolean;
  /** 0 disables the periodic progress lines. */
  readonly progressIntervalMs?: number;
  /** How often each upstream's `readyzUrl` is polled; default 5 s or the progress interval, whichever is smaller. */
  readonly readinessIntervalMs?: number;
}

const READINESS_INTERVAL_MS = 5_000;
const READINESS_TIMEOUT_MS = 2_000;

export interface ProxyServer {
  readonly server: Server;
  readonly metrics: ProxyMetrics;
  /** False until listening and again once closing started (for `/readyz`). */
  readonly ready: boolean;
  listen(port: number, host: string): Promise<AddressInfo>;
  /** Logs the current progress window now (also done every `progressIntervalMs`). */
  flushProgress(): void;
  /** Totals since start per feature, and the latest sync lag per upstream (admin `GET /progress`). */
  progress(): ProgressReport;
  /** Stops intake, lets in-flight requests finish for up to `drainTimeoutMs`, closes pools. Idempotent. */
  close(drainTimeoutMs: number): Promise<void>;
}

/** The public listener: routing, forwarding, request logs, metrics and progress. */
export function buildProxyServer(options: ProxyServerOptions): ProxyServer {
  const logger = options.logger;
  const metrics = new ProxyMetrics();
  const readinessIntervalMs = options.readinessIntervalMs ?? Math.min(READINESS_INTERVAL_MS, options.progressIntervalMs || READINESS_INTERVAL_MS);
  const poller = new ReadinessPoller({
    logger,
    intervalMs: readinessIntervalMs,
    timeoutMs: READINESS_TIMEOUT_MS,
    onUpdate: (state) => metrics.setUpstreamReadiness(state),
  });
  const progress = new ProgressTracker(logger, (upstream) => poller.get(upstream));
  const registry = new UpstreamRegistry();
  const routing = new RoutingState(options.source, registry, (compiled) => {
    metrics.setConfigVersion(compiled.version);
    poller.sync(compiled.table);
  });
  routing.current();
  const router = new RequestRouter({
    routing,
    trusted: createTrustedProxies(options.trustedProxies ?? []),
    authorizeOverride: options.authorizeOverride ?? (() => false),
  });
  const observer = new RequestObserver(logger, metrics, progress);
  const listener = createRequestListener({ router, observer, logger });
  let draining = false;
  const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    // While draining, every response closes its connection so the drain can end.
    if (draining) res.shouldKeepAlive = false;
    listener(req, res);
  });
  const tunnels = new TunnelSet();
  server.on('upgrade', createUpgradeListener(router, observer, tunnels));
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    if (socket.writable) socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    logger.debug({ err }, 'malformed request');
  });
  let ready = false;
  let closing: Promise<void> | undefined;
  const flushProgress = (): void => {
    const current = routing.current();
    progress.flush(current.table, current.version, options.progressIntervalMs ?? 0);
  };
  const timer = options.progressIntervalMs ? setInterval(flushProgress, options.progressIntervalMs).unref() : undefined;

  return {
    server,
    metrics,
    get ready() {
      return ready;
    },
    flushProgress,
    progress() {
      const current = routing.current();
      return buildProgressReport(progress, current.table, current.version, poller.all());
    },
    async listen(port, host) {
      server.listen(port, host);
      await once(server, 'listening');
      ready = true;
      return server.address() as AddressInfo;
    },
    close(drainTimeoutMs) {
      draining = true;
      tunnels.close();
      closing ??= drain(server, tunnels, drainTimeoutMs, logger).then(async () => {
        clearInterval(timer);
        flushProgress();
        await Promise.all([poller.close(), registry.close()]);
      });
      ready = false;
      return closing;
    },
  };
}

async function drain(server: Server, tunnels: TunnelSet, drainTimeoutMs: number, logger: Logger): Promise<void> {
  // Node closes idle keep-alive sockets only once at close(); a socket whose request was
  // in flight then would stay open until keepAliveTimeout, so idle ones are swept again.
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const sweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => {
    logger.warn({ drainTimeoutMs }, 'drain deadline reached, closing remaining connections');
    server.closeAllConnections();
    tunnels.destroy();
  }, drainTimeoutMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(deadline);
}

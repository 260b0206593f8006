import { Pool } from 'undici';
import type { Upstream } from '#contracts';

export interface UpstreamTarget {
  readonly pool: Pool;
  /** The URL's path without a trailing slash, prepended to forwarded paths ('' for an origin). */
  readonly basePath: string;
  readonly origin: string;
}

/**
 * One named upstream: an undici pool per URL, used round-robin. Connect and response
 * timeouts come from the table; `poolSize` is the connection limit of each URL's pool.
 */
export class UpstreamClient {
  readonly name: string;
  readonly config: Upstream;
  private readonly targets: UpstreamTarget[];
  private nextIndex = 0;

  constructor(name: string, config: Upstream) {
    this.name = name;
    this.config = config;
    this.targets = config.urls.map((url) => createTarget(url, config));
  }

  /** The next URL in rotation. */
  pick(): UpstreamTarget {
    const target = this.targets[this.nextIndex] as UpstreamTarget;
    this.nextIndex = (this.nextIndex + 1) % this.targets.length;
    return target;
  }

  /** Lets requests already dispatched finish, then closes the connections. */
  async close(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.pool.close()));
  }

  async destroy(): Promise<void> {
    await Promise.all(this.targets.map((t) => t.pool.destroy()));
  }
}

function createTarget(url: string, config: Upstream): UpstreamTarget {
  const parsed = new URL(url);
  const pool = new Pool(parsed.origin, {
    connections: config.poolSize,
    connect: { timeout: config.connectTimeoutMs },
    headersTimeout: config.responseTimeoutMs,
    bodyTimeout: config.responseTimeoutMs,
    keepAliveTimeout: 10_000,
  });
  return { pool, basePath: parsed.pathname.replace(/\/+$/, ''), origin: parsed.origin };
}

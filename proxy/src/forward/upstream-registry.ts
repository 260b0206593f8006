import type { FeatureTable } from '#contracts';
import { UpstreamClient } from './upstream-client.ts';

/**
 * The upstream clients for the table in force. A new table reuses the client of every
 * upstream whose settings did not change; replaced clients are closed gracefully, so a
 * request already dispatched on them still finishes.
 */
export class UpstreamRegistry {
  private clients = new Map<string, { key: string; client: UpstreamClient }>();
  private readonly retired = new Set<Promise<void>>();

  /** The clients for `table`, keyed by upstream name. */
  sync(table: FeatureTable): Map<string, UpstreamClient> {
    const next = new Map<string, { key: string; client: UpstreamClient }>();
    for (const [name, config] of Object.entries(table.upstreams)) {
      const key = JSON.stringify(config);
      const current = this.clients.get(name);
      next.set(name, current && current.key === key ? current : { key, client: new UpstreamClient(name, config) });
    }
    for (const [name, entry] of this.clients) {
      if (next.get(name) !== entry) this.retire(entry.client);
    }
    this.clients = next;
    return new Map([...next].map(([name, entry]) => [name, entry.client]));
  }

  async close(): Promise<void> {
    const all = [...this.clients.values()].map((e) => e.client.close());
    this.clients = new Map();
    await Promise.all([...all, ...this.retired]);
  }

  private retire(client: UpstreamClient): void {
    const closing = client.close().finally(() => this.retired.delete(closing));
    this.retired.add(closing);
  }
}

import { Writable } from 'node:stream';
import type { Test } from 'tap';
import { FeatureTable, type FeatureInput, type FeatureTableInput } from '#contracts';
import { createLogger } from '#lib';
import { buildProxyServer, type ProxyServer, type ProxyServerOptions } from '#proxy/proxy-server';

export type LogLine = Record<string, unknown> & { msg: string };

export interface TestProxy {
  readonly proxy: ProxyServer;
  readonly url: string;
  readonly port: number;
  readonly logs: LogLine[];
  /** The `request` log lines only. */
  requestLogs(): LogLine[];
  /** Replaces the table in force (a new config version), like a toggle through the store. */
  setTable(table: FeatureTable): number;
  table(): FeatureTable;
}

/** A mutable snapshot source standing in for the feature store's `current()`. */
export function snapshotSource(initial: FeatureTable) {
  let snapshot: Readonly<{ version: number; table: FeatureTable }> = Object.freeze({ version: 1, table: initial });
  return {
    current: () => snapshot,
    set(table: FeatureTable): number {
      snapshot = Object.freeze({ version: snapshot.version + 1, table });
      return snapshot.version;
    },
  };
}

export function table(upstreams: Record<string, string | string[] | Record<string, unknown>>, features: FeatureInput[]): FeatureTable {
  const input: FeatureTableInput = {
    upstreams: Object.fromEntries(
      Object.entries(upstreams).map(([name, u]) => [name, typeof u === 'string' ? { urls: [u] } : Array.isArray(u) ? { urls: u } : u]),
    ) as FeatureTableInput['upstreams'],
    features,
  };
  return FeatureTable.parse(input);
}

/** The public proxy on port 0 with its log lines collected; closed when the test ends. */
export async function startProxy(t: Test, initial: FeatureTable, options: Partial<ProxyServerOptions> = {}): Promise<TestProxy> {
  const logs: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const source = snapshotSource(initial);
  const proxy = buildProxyServer({ source, logger: createLogger('proxy', { destination: sink, level: 'info' }), ...options });
  const { port } = await proxy.listen(0, '127.0.0.1');
  t.teardown(() => proxy.close(1_000));
  return {
    proxy,
    port,
    url: `http://127.0.0.1:${port}`,
    logs,
    requestLogs: () => logs.filter((l) => l.msg === 'request'),
    setTable: (next) => source.set(next),
    table: () => source.current().table,
  };
}

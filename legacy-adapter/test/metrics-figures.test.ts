import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { buildHttpServer } from '#adapter';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const gauge = (text: string, name: string) => {
  const match = new RegExp(`^${name} (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
};

t.test('/metrics has events per second, and oplog headroom only where the server shows an oplog', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('legacy-adapter', { level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const adapter = await startAdapter(t, testConfig(mongo, amqp, names, { statsIntervalMs: 200 }), { logger });
  const http = buildHttpServer(adapter);
  t.teardown(() => http.close());
  const scrape = async () => (await http.inject('/metrics')).body;

  await products.insertMany(Array.from({ length: 50 }, (_, i) => productDoc(i + 1)));
  await received.until('50 events', (e) => e.length >= 50);
  const text = await waitFor('the rates to count them', async () => {
    const body = await scrape();
    return (gauge(body, 'peel_adapter_events_published_per_second') ?? 0) > 0 ? body : undefined;
  });
  // Sampled every second over 10 s: 50 events give at least 5/s, at most all 50 in the shortest span.
  for (const name of ['peel_adapter_events_captured_per_second', 'peel_adapter_events_published_per_second']) {
    const rate = gauge(text, name) ?? NaN;
    t.ok(rate >= 5 && rate <= 50_000, `${name} ${rate}`);
  }
  const line = await waitFor('a stats line with a rate', () => lines.find((l) => l.msg === 'adapter stats' && Number(l.publishedPerSec) > 0));
  t.ok(Number(line.capturedPerSec) > 0, 'the info line has the same figures');

  const headroom = gauge(await scrape(), 'peel_adapter_oplog_window_headroom_seconds');
  if (process.env.MONGODB_URL) {
    t.ok(headroom !== undefined && headroom >= 0, 'a real replica set shows its oplog');
    t.type(line.oplogHeadroomSec, 'number');
  } else {
    t.equal(headroom, undefined, 'the embedded server shows no oplog: no figure rather than 0');
    t.notOk('oplogHeadroomSec' in line);
  }
});

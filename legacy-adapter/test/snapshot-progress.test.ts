import t, { type Test } from 'tap';
import { createLogger } from '#lib';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

const DOCS = 50;
const BATCH = 10;

interface LogLine {
  msg: string;
  db?: string;
  collection?: string;
  done?: number;
  total?: number;
}

/** A snapshot of DOCS products in batches of BATCH, with its log lines and whatever `tty` got. */
async function snapshotWith(t: Test, tty: { isTTY: boolean; columns: number; write: (chunk: string) => boolean }) {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  await products.insertMany(Array.from({ length: DOCS }, (_, i) => productDoc(i)));
  const lines: LogLine[] = [];
  const logger = createLogger('legacy-adapter', { level: 'info', destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) } });
  await startAdapter(t, testConfig(mongo, amqp, names, { snapshot: { batchSize: BATCH } }), { logger, tty: tty as unknown as NodeJS.WriteStream }, false, false);
  await received.until('the end of the copy', (e) => e.some((x) => x.type === 'shop.product.snapshot-completed.v1'));
  return { label: `snapshot ${names.shopDb}`, shopDb: names.shopDb, progress: lines.filter((l) => l.msg === `snapshot ${names.shopDb} progress`) };
}

t.test('on a TTY the snapshot draws a done/total bar that ends at total/total', async (t) => {
  let output = '';
  const { label } = await snapshotWith(t, { isTTY: true, columns: 80, write: (chunk) => ((output += chunk), true) });
  const frames = output.split('\r').slice(1);
  const frame = new RegExp(`^${label} \\[([#.]{30})\\] (\\d+)% (\\d+)/(\\d+)\\n?$`);
  t.same(frames.filter((f) => !frame.test(f)), [], 'every frame is a bar with done/total');
  const parsed = frames.map((f) => frame.exec(f)).map((m) => ({ bar: m?.[1] ?? '', percent: Number(m?.[2]), done: Number(m?.[3]), total: Number(m?.[4]) }));
  t.same(parsed.map((p) => p.done), [0, 10, 20, 30, 40, 50], 'drawn at the start and after every batch, the end once');
  t.ok(parsed.every((p) => p.total === DOCS), 'against the total');
  t.match(parsed.at(-1), { bar: '#'.repeat(30), percent: 100, done: DOCS, total: DOCS }, 'the last frame is full');
  t.ok(output.endsWith(`${DOCS}/${DOCS}\n`), 'and ends the line');
});

t.test('without a TTY nothing is drawn and the progress goes to the log, its last line at total/total', async (t) => {
  let output = '';
  const { shopDb, progress } = await snapshotWith(t, { isTTY: false, columns: 80, write: (chunk) => ((output += chunk), true) });
  t.equal(output, '', 'no bar on a stream that is not a TTY');
  t.ok(progress.length >= 2, `${progress.length} progress lines`);
  t.match(progress[0], { db: shopDb, collection: 'products', done: 0, total: DOCS }, 'the first when the copy starts');
  t.match(progress.at(-1), { db: shopDb, collection: 'products', done: DOCS, total: DOCS }, 'the last when it is done');
  t.equal(progress.filter((l) => l.done === DOCS).length, 1, 'the end logged once');
});

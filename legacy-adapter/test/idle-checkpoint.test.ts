import { EJSON } from 'bson';
import t from 'tap';
import { waitFor } from '#lib';
import { firstChangeAfter, storedCheckpoints } from './fixtures/checkpoints.ts';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

t.test('changes only to collections the adapter does not watch move the capture checkpoint past them, storing nothing', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const config = testConfig(mongo, amqp, names, { watch: [{ db: names.shopDb, collections: ['products'] }], snapshot: { onFirstStart: false } });
  const adapter = await startAdapter(t, config);
  const checkpoints = storedCheckpoints(mongo.client, names.adapterDb);
  const events = mongo.client.db(names.adapterDb).collection('events');

  const product = productDoc(0);
  await products.insertOne(product);
  await received.until('the product', (e) => e.length === 1);
  const before = await waitFor('a capture checkpoint', () => checkpoints.captureToken(names.shopDb));

  const notes = mongo.client.db(names.shopDb).collection('notes');
  await notes.insertMany(Array.from({ length: 20 }, (_, i) => ({ n: i })));
  const after = await waitFor('the capture checkpoint to move past them', async () => {
    const token = await checkpoints.captureToken(names.shopDb);
    if (!token || EJSON.stringify(token) === EJSON.stringify(before)) return false;
    const stream = mongo.client.db(names.shopDb).watch([], { startAfter: token, maxAwaitTimeMS: 50 });
    const next = await stream.tryNext().finally(() => stream.close());
    return next ? false : token;
  });
  const marker = await notes.insertOne({ marker: true });
  t.match(await firstChangeAfter(mongo.client, names.shopDb, after), { operationType: 'insert', documentKey: { _id: marker.insertedId } }, 'resuming from it skips every unwatched change made before');
  t.equal(await events.countDocuments(), 1, 'nothing was stored for them');
  t.equal(adapter.store.lastSequence, 1);
});

import t from 'tap';
import { productDoc } from './fixtures/shop-docs.ts';
import { startAdapter, testConfig, useAdapterWorld } from './fixtures/harness.ts';

t.test('a restart resumes from the checkpoint: changes made while down arrive, none is missing', async (t) => {
  const { mongo, amqp, names, received, products } = await useAdapterWorld(t);
  const config = testConfig(mongo, amqp, names);

  const first = await startAdapter(t, config);
  for (let i = 0; i < 3; i++) await products.insertOne(productDoc(i));
  await received.until('three events', (e) => e.length >= 3);
  await first.close();
  const lastBefore = first.status().capture.lastSequence;

  const whileDown = [productDoc(10), productDoc(11)];
  await products.insertMany(whileDown);
  await products.updateOne({ _id: whileDown[0]?._id }, { $set: { stock: 99 } });
  await products.deleteOne({ _id: whileDown[1]?._id });

  await startAdapter(t, config);
  const events = await received.until('the changes made while down', (e) => e.length >= 7);
  const after = events.slice(3);
  t.same(
    after.map((e) => [e.type, e.subject]),
    [
      ['shop.product.created.v1', whileDown[0]?._id.toHexString()],
      ['shop.product.created.v1', whileDown[1]?._id.toHexString()],
      ['shop.product.updated.v1', whileDown[0]?._id.toHexString()],
      ['shop.product.deleted.v1', whileDown[1]?._id.toHexString()],
    ],
  );
  t.ok(after.every((e) => e.sequence > lastBefore), 'sequences continue after the restart');
  t.equal(new Set(events.map((e) => e.id)).size, events.length, 'nothing was sent twice');
  t.notOk(events.some((e) => e.type.endsWith('.snapshot.v1')), 'a restart with a checkpoint does not snapshot');
});

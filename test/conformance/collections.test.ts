import t from 'tap';
import { useMongo } from '#test-support';

t.test('create, listCollections, collMod, rename, drop', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('colls'));
  await db.createCollection('a', { changeStreamPreAndPostImages: { enabled: true } });
  await db.collection('b').insertOne({ x: 1 });
  const listed = await db.listCollections().toArray();
  t.same(listed.map((c) => c.name).sort(), ['a', 'b'], 'explicit and implicit creation');
  const a = listed.find((c) => c.name === 'a');
  t.same((a as { options?: unknown }).options, { changeStreamPreAndPostImages: { enabled: true } });
  t.same((await db.listCollections({ name: 'b' }, { nameOnly: true }).toArray()).map((c) => c.name), ['b']);
  await db.command({ collMod: 'a', changeStreamPreAndPostImages: { enabled: false } });
  const modified = (await db.listCollections({ name: 'a' }).toArray())[0] as { options?: unknown };
  t.same(modified.options, {}, 'a disabled option is not listed');
  await db.collection('b').createIndex({ x: 1 }, { unique: true });
  await db.collection('b').rename('c');
  t.same((await db.listCollections().toArray()).map((c) => c.name).sort(), ['a', 'c']);
  t.equal(await db.collection('c').countDocuments(), 1, 'documents move with the rename');
  t.same((await db.collection('c').listIndexes().toArray()).map((i) => i.name), ['_id_', 'x_1'], 'indexes too');
  await db.collection('a').insertOne({ y: 1 });
  await db.collection('c').rename('a', { dropTarget: true });
  t.same((await db.listCollections().toArray()).map((c) => c.name), ['a']);
  t.equal((await db.collection('a').findOne({}, { projection: { _id: 0 } }))?.x, 1, 'dropTarget replaced the old collection');
  t.equal(await db.collection('a').drop(), true);
  t.same(await db.listCollections().toArray(), []);
});

t.test('dropDatabase and listDatabases', async (t) => {
  const mongo = await useMongo(t);
  const name = mongo.dbName('colls');
  const db = mongo.client.db(name);
  await db.collection('x').insertOne({ v: 1 });
  const before = await mongo.client.db('admin').admin().listDatabases();
  t.ok(before.databases.some((d) => d.name === name));
  t.equal(await db.dropDatabase(), true);
  const after = await mongo.client.db('admin').admin().listDatabases({ nameOnly: true });
  t.notOk(after.databases.some((d) => d.name === name));
  t.equal(await db.collection('x').countDocuments(), 0);
});

import t from 'tap';
import { MongoServerError, type Document } from 'mongodb';
import { useMongo } from '#test-support';

async function failure(p: Promise<unknown>): Promise<MongoServerError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof MongoServerError)) throw new Error(`expected a server error, got ${String(err)}`);
  return err;
}

t.test('command errors carry MongoDB codes and names', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('errors'));
  const unknown = await failure(db.command({ notACommand: 1 }));
  t.equal(unknown.code, 59);
  t.equal(unknown.codeName, 'CommandNotFound');
  t.match(unknown.message, /notACommand/);
  await db.createCollection('exists');
  t.equal((await db.command({ create: 'exists' })).ok, 1, 'creating it again as it is: ok (SERVER-60064)');
  t.equal((await failure(db.createCollection('exists', { changeStreamPreAndPostImages: { enabled: true } }))).code, 48, 'with other options: NamespaceExists');
  t.equal((await failure(db.command({ collMod: 'missing' }))).code, 26, 'collMod on a missing collection');
  t.equal((await failure(db.collection('missing').rename('other'))).code, 26, 'rename of a missing collection');
  await db.createCollection('target');
  t.equal((await failure(db.collection('exists').rename('target'))).code, 48, 'rename onto an existing collection');
  t.equal((await failure(db.collection('exists').rename('bad$name'))).code, 73, 'rename to an invalid name');
  t.equal((await db.listCollections({ name: 'exists' }).toArray()).length, 1, 'and the source is still there');
  const badFilter = await failure(db.collection('exists').find({ a: { $notAnOperator: 1 } } as Document).toArray());
  t.equal(badFilter.code, 2, 'an unknown query operator is BadValue');
  const badSort = await failure(db.command({ find: 'exists', sort: { a: 'sideways' } }));
  t.equal(typeof badSort.code, 'number', 'a bad sort value fails with a code');
  const replaceMulti = await failure(db.command({ update: 'exists', updates: [{ q: {}, u: { a: 1 }, multi: true }] }).then((r: Document) => { if (r.writeErrors) throw new MongoServerError(r.writeErrors[0]); return r; }));
  t.equal(replaceMulti.code, 9, 'multi with a replacement document is FailedToParse');
});

t.test('the server keeps serving after errors', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.client.db(mongo.dbName('errors'));
  for (let i = 0; i < 3; i++) await failure(db.command({ nope: 1 }));
  t.equal((await db.command({ ping: 1 })).ok, 1);
});

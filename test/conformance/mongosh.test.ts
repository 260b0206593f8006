import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { useMongo } from '#test-support/mongo';

const exec = promisify(execFile);
const mongosh = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'mongosh');

// mongosh (from npm, a dev dependency) is the other client the embedded server must serve.
// The script prints one JSON line that the test checks; anything mongosh dislikes fails it.
const script = (db: string): string => `
const d = db.getSiblingDB(${JSON.stringify(db)});
d.items.insertOne({ _id: 1, qty: NumberLong('9007199254740993'), price: NumberDecimal('19.99'), at: ISODate('2026-11-26T10:00:00Z') });
d.items.createIndex({ sku: 1 }, { unique: true });
d.items.insertOne({ _id: 2, sku: 'A' });
let duplicate = null;
try { d.items.insertOne({ _id: 3, sku: 'A' }); } catch (e) { duplicate = e.code; }
d.items.updateOne({ _id: 1 }, { $inc: { qty: NumberLong(1) } });
const doc = d.items.findOne({ _id: 1 });
const count = d.items.countDocuments({});
const grouped = d.items.aggregate([{ $group: { _id: null, n: { $sum: 1 } } }]).toArray()[0].n;
print(JSON.stringify({ primary: db.hello().isWritablePrimary, setName: db.hello().setName, qty: doc.qty.toString(), price: doc.price.toString(), at: doc.at.toISOString(), duplicate, count, grouped }));
`;

t.test('mongosh connects with the replica set URL and runs CRUD, indexes and aggregation', async (t) => {
  const mongo = await useMongo(t);
  const db = mongo.dbName('mongosh');
  const { stdout } = await exec(mongosh, [mongo.url, '--quiet', '--norc', '--eval', script(db)], { timeout: 60_000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as Record<string, unknown>;
  t.same(result, {
    primary: true,
    setName: result.setName,
    qty: '9007199254740994',
    price: '19.99',
    at: '2026-11-26T10:00:00.000Z',
    duplicate: 11000,
    count: 2,
    grouped: 2,
  });
  t.type(result.setName, 'string', 'presents itself as a replica set member');
});

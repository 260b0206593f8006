import t from 'tap';
import { ChangeLog, type ChangeRecord } from '#embedded-mongo';

const insert = { op: 'insert', db: 'd', coll: 'c' } as const;

t.test('keeps exactly the newest `capacity` records while appends go on', async (t) => {
  const log = new ChangeLog(16);
  for (let i = 0; i < 100; i++) log.append([insert]);
  t.equal(log.oldest()?.position, 85);
  t.same(log.readFrom(95)?.map((r) => r.position), [95, 96, 97, 98, 99, 100]);
  t.equal(log.readFrom(84), undefined, 'fallen off');
  t.same(log.readFrom(101), [], 'nothing newer yet');
  t.same(log.readFrom(90, 2)?.map((r) => r.position), [90, 91]);
});

t.test('positionAtOrAfter finds the first record at or after a cluster time', async (t) => {
  const log = new ChangeLog(1000);
  const records = Array.from({ length: 50 }, () => log.append([insert, insert])).flat();
  const target = records[31] as ChangeRecord;
  t.equal(log.positionAtOrAfter(target.clusterTime), (records[30] as ChangeRecord).position, 'the first record of that commit');
  t.equal(log.positionAtOrAfter(log.tick()), log.nextPositionValue, 'a future time points past the end');
});

t.test('restores a long journal without blowing the stack, keeping only the newest records', async (t) => {
  const source = new ChangeLog(300_000);
  const records: ChangeRecord[] = [];
  for (let i = 0; i < 150_000; i++) records.push(...source.append([insert]));
  const restored = new ChangeLog(1000);
  restored.restore(records);
  t.equal(restored.oldest()?.position, 149_001);
  t.equal(restored.nextPositionValue, 150_001);
  t.ok(restored.tick().compare((records[records.length - 1] as ChangeRecord).clusterTime) > 0, 'the clock continues after the restored records');
});

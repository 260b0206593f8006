import t from 'tap';
import { replayHint } from '#catalog/replay-hint';

t.test('the empty-catalog hint is a command that works as printed: MONGODB_URL and the real queue', async (t) => {
  t.equal(
    replayHint({ mongodbUrl: 'mongodb://127.0.0.1:27027/?replicaSet=rs0', consumer: { queue: 'catalog' } }),
    "MONGODB_URL='mongodb://127.0.0.1:27027/?replicaSet=rs0' peel replay --type 'shop.product.*' --to-queue catalog",
  );
});

t.test('a password in the URL is not logged', async (t) => {
  const hint = replayHint({ mongodbUrl: 'mongodb://peel:s3cret@db1:27017,db2:27017/?replicaSet=rs0', consumer: { queue: 'catalog' } });
  t.match(hint, "MONGODB_URL='mongodb://peel:***@db1:27017,db2:27017/?replicaSet=rs0'");
  t.notMatch(hint, 's3cret');
});

import { MongoClient, MongoServerError } from 'mongodb';
import t from 'tap';
import { createLogger } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';

const logger = createLogger('embedded-mongo', { level: 'silent' });

t.test("configureFailPoint 'failCommand' fails the named commands of the named application, { times } or until 'off'", async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger });
  t.teardown(() => server.close());
  const connect = async (appName: string): Promise<MongoClient> => {
    const client = new MongoClient(server.url, { appName, retryReads: false });
    t.teardown(() => client.close());
    return client.connect();
  };
  const [target, other] = await Promise.all([connect('target'), connect('other')]);
  const ping = (client: MongoClient) => client.db('admin').command({ ping: 1 });

  await target.db('admin').command({
    configureFailPoint: 'failCommand',
    mode: { times: 2 },
    data: { failCommands: ['ping'], errorCode: 91, errorLabels: ['ResumableChangeStreamError'], appName: 'target' },
  });
  t.equal((await ping(other)).ok, 1, 'another application is not affected');
  const err = await ping(target).catch((e: unknown) => e);
  t.ok(err instanceof MongoServerError, 'the command fails');
  t.match(err, { code: 91, errorLabels: ['ResumableChangeStreamError'] }, 'with the code and labels asked for');
  t.equal((await target.db('admin').command({ buildInfo: 1 })).ok, 1, 'commands not named run');
  await t.rejects(ping(target), { code: 91 }, 'the second time too');
  t.equal((await ping(target)).ok, 1, 'after { times: 2 } it runs again');

  await target.db('admin').command({ configureFailPoint: 'failCommand', mode: 'alwaysOn', data: { failCommands: ['ping'], errorCode: 6 } });
  await t.rejects(ping(other), { code: 6 }, 'without appName every application is affected');
  await t.rejects(ping(target), { code: 6 }, 'alwaysOn keeps failing');
  await target.db('admin').command({ configureFailPoint: 'failCommand', mode: 'off' });
  t.equal((await ping(target)).ok, 1, "'off' ends it");
  await t.rejects(target.db('admin').command({ configureFailPoint: 'noSuchPoint', mode: 'off' }), { code: 2 }, 'other fail points are refused');
});

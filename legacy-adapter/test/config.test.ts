import t from 'tap';
import { loadAdapterConfig, parseWatchList, shopDatabaseOf } from '#adapter';

t.test('ADAPTER_WATCH accepts databases and db.collection lists', async (t) => {
  t.same(parseWatchList('shop'), [{ db: 'shop' }]);
  t.same(parseWatchList('shop.products, shop.users,crm'), [{ db: 'shop', collections: ['products', 'users'] }, { db: 'crm' }]);
  t.same(parseWatchList('shop.products,shop'), [{ db: 'shop' }], 'a whole database wins over its collections');
});

t.test('config from the environment, with defaults', async (t) => {
  const config = loadAdapterConfig({ MONGODB_URL: 'mongodb://127.0.0.1:27027', ADAPTER_WATCH: 'legacy.products', ADAPTER_PORT: '9000', ADAPTER_SNAPSHOT_ON_FIRST_START: 'false', ADAPTER_RELAY_WINDOW: '64' });
  t.match(config, { database: 'peel_adapter', exchange: 'peel.events', http: { port: 9000 }, snapshot: { onFirstStart: false, onResumeTokenLost: 'fail' }, relay: { windowSize: 64 } });
  t.equal(shopDatabaseOf(config), 'legacy', 'the shop mapping defaults to the first watched database');
  t.equal(shopDatabaseOf({ ...config, shopDatabase: 'shop' }), 'shop');
});

t.test('bad config names every bad field', async (t) => {
  t.throws(() => loadAdapterConfig({ MONGODB_URL: 'http://x', ADAPTER_WATCH: 'shop.', ADAPTER_ON_RESUME_TOKEN_LOST: 'ignore' }), {
    code: 'PEEL_CONFIG_INVALID',
    message: /mongodbUrl.*watch\[0\]\.collections\[0\].*snapshot\.onResumeTokenLost/,
  });
  t.throws(() => loadAdapterConfig({ MONGODB_URL: 'mongodb://h', ADAPTER_WATCH: 'peel_adapter' }), { message: /ADAPTER_DATABASE \(database\): the adapter database must not be one of the watched databases/ });
});

t.test('a missing MONGODB_URL is named by its variable (what peel replay and peel adapter need)', async (t) => {
  t.throws(() => loadAdapterConfig({}), { code: 'PEEL_CONFIG_INVALID', message: /MONGODB_URL \(mongodbUrl\): / });
});

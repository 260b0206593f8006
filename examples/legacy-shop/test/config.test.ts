import t from 'tap';
import { hasCode } from '#lib';
import { embeddedMongoUrl, loadShopConfig } from '#legacy-shop';

t.test('defaults: port 3000 on all interfaces, database shop, embedded MongoDB', async (t) => {
  const config = loadShopConfig({});
  t.same(config.http, { host: '0.0.0.0', port: 3000 });
  t.equal(config.database, 'shop');
  t.equal(config.mongodbUrl, undefined);
  t.equal(embeddedMongoUrl(config.embeddedMongoPort), 'mongodb://127.0.0.1:27027/?replicaSet=rs0');
  t.ok(Object.isFrozen(config));
});

t.test('the environment and explicit overrides', async (t) => {
  const env = { SHOP_HOST: '127.0.0.1', SHOP_PORT: '3100', MONGODB_URL: 'mongodb://db:27017/?replicaSet=rs0', SHOP_DATABASE: 'shop_test' };
  const config = loadShopConfig(env, { http: { port: 0 } });
  t.same(config.http, { host: '127.0.0.1', port: 0 });
  t.equal(config.mongodbUrl, env.MONGODB_URL);
  t.equal(config.database, 'shop_test');
});

t.test('bad values stop the start with every field named', async (t) => {
  const err = (() => {
    try {
      loadShopConfig({ SHOP_PORT: 'eighty', MONGODB_URL: 'http://db' });
    } catch (e) {
      return e as Error;
    }
  })();
  t.ok(hasCode(err, 'PEEL_CONFIG_INVALID'));
  t.match(err?.message, /SHOP_PORT \(http\.port\): /);
  t.match(err?.message, /MONGODB_URL \(mongodbUrl\): expected a mongodb:\/\//);
});

import t from 'tap';
import { waitFor } from '#lib';
import { startEmbeddedMongo } from '#embedded-mongo';
import { quiet, useCatalog } from './helpers.ts';

t.test('/readyz turns red while the catalog\'s MongoDB does not answer', { skip: process.env.MONGODB_URL ? 'stops its own embedded server; a shared real one cannot be stopped per test' : false }, async (t) => {
  const server = await startEmbeddedMongo({ port: 0, logger: quiet });
  t.teardown(() => server.close());
  const f = await useCatalog(t, { mongodbUrl: server.url });
  await waitFor('ready', async () => (await f.get('/readyz')).status === 200);

  await server.close();
  const down = await waitFor('not ready', async () => {
    const res = await f.get('/readyz');
    return res.status === 503 ? res : undefined;
  });
  t.match(down.body, { ready: false, reasons: ['MongoDB does not answer'] });
});

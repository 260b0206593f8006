import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { createLogger, PEEL_VERSION } from '#lib';

t.test('createLogger writes JSON lines with base fields and redacts secrets', async (t) => {
  const sink = new PassThrough();
  const logger = createLogger('proxy', { destination: sink, level: 'info' });
  const line = once(sink, 'data');
  logger.info({ feature: 'products-read', headers: { authorization: 'Bearer s3cret', cookie: 'sid=1', accept: '*/*' } }, 'request routed');
  const [chunk] = (await line) as [Buffer];
  const entry = JSON.parse(chunk.toString()) as Record<string, unknown>;
  t.match(entry, { level: 'info', service: 'proxy', version: PEEL_VERSION, feature: 'products-read', msg: 'request routed' });
  t.same(entry.headers, { authorization: '[redacted]', cookie: '[redacted]', accept: '*/*' });
  t.notOk(chunk.toString().includes('s3cret'));
});

t.test('errors are logged under err with their code', async (t) => {
  const sink = new PassThrough();
  const logger = createLogger('adapter', { destination: sink });
  const line = once(sink, 'data');
  const err = Object.assign(new Error('boom'), { code: 'PEEL_TEST_BOOM' });
  logger.error({ err }, 'relay failed');
  const [chunk] = (await line) as [Buffer];
  t.match(JSON.parse(chunk.toString()), { level: 'error', err: { message: 'boom', code: 'PEEL_TEST_BOOM' } });
});

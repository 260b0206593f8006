import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { productEvent, productState, useCatalog } from './helpers.ts';

t.test("the catalog's line for each event names the correlation id it came with", async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('catalog', { level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const catalog = await useCatalog(t, {}, logger);
  const event = productEvent('shop.product.created.v1', productState('65f000000000000000000001'), 1);
  catalog.publish(event, { correlationId: 'req-42' });
  const line = await waitFor('the event processed line', () => lines.find((l) => l.msg === 'event processed'));
  t.match(line, { correlationId: 'req-42', messageId: event.id, eventType: 'shop.product.created.v1', outcome: 'applied' });
});

import t from 'tap';
import { createLogger, waitFor } from '#lib';
import { eventOf, useNotifications } from './helpers.ts';

t.test("the notification's line for each event names the correlation id it came with", async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('notifications', { level: 'debug', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
  const fixture = await useNotifications(t, { logger });
  const event = eventOf('shop.user.registered.v1', 1);
  fixture.publish(event, { correlationId: 'req-43' });
  const line = await waitFor('the notification recorded line', () => lines.find((l) => l.msg === 'notification recorded'));
  t.match(line, { correlationId: 'req-43', messageId: event.id, eventType: 'shop.user.registered.v1' });
});

import t from 'tap';
import { createLogger } from '#lib';
import { loadNotificationsConfig, startNotifications } from '#notifications';
import { retryBudgetMs } from '#runtime';
import { useAmqp, useMongo } from '#test-support';
import { recordingSender } from './helpers.ts';

t.test('the retry budget is the delays between the attempts', async (t) => {
  t.equal(retryBudgetMs(5, [1_000, 5_000, 30_000]), 66_000, 'the defaults: 1 s, 5 s, 30 s, 30 s');
  t.equal(retryBudgetMs(1, [1_000]), 0, 'one attempt: no retry');
});

t.test('a retry budget shorter than the send claim is said at start', async (t) => {
  const amqp = await useAmqp(t);
  const mongo = await useMongo(t);
  const start = async (consumer: Record<string, unknown>) => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = createLogger('notifications', { level: 'warn', destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } });
    const config = loadNotificationsConfig({}, { mongodbUrl: mongo.url, amqpUrl: amqp.url, exchange: amqp.exchange('budget-ex'), database: mongo.dbName('budget'), http: { host: '127.0.0.1', port: 0 }, consumer: { queue: amqp.queue('budget-q', { retryDelaysMs: [50] }), ...consumer } });
    const service = await startNotifications(config, { sender: recordingSender(), logger });
    await service.close();
    return lines.filter((l) => String(l.msg).startsWith('the retry budget is shorter than the send claim'));
  };
  t.match(await start({ retryDelaysMs: [50], maxAttempts: 3 }), [{ retryBudgetMs: 100, sendClaimMs: 60_000 }]);
  t.same(await start({}), [], 'the defaults outlast the claim');
});

import t from 'tap';
import { useNotifications } from './helpers.ts';

t.test('GET /api/notifications refuses bad queries with 400 naming the field', async (t) => {
  const f = await useNotifications(t);
  const cases: Array<[string, string]> = [
    ['', 'userId'],
    ['userId=42', 'userId'],
    ['userId=6745A1F0C2B3D4E5F6A7B8C9', 'userId'],
    ['userId=6745a1f0c2b3d4e5f6a7b8c9&limit=0', 'limit'],
    ['userId=6745a1f0c2b3d4e5f6a7b8c9&limit=abc', 'limit'],
    ['userid=6745a1f0c2b3d4e5f6a7b8c9', 'userid'],
  ];
  for (const [query, field] of cases) {
    const { status, body } = await f.list(query);
    t.equal(status, 400, query);
    t.match(body, { statusCode: 400, code: 'PEEL_NOTIFICATIONS_INVALID_QUERY', error: 'Bad Request', field, message: new RegExp(field) }, query);
  }
});

t.test('a user without notifications gets an empty list; unknown routes get a coded 404', async (t) => {
  const f = await useNotifications(t);
  t.same(await f.list('userId=6745a1f0c2b3d4e5f6a7b8c9'), { status: 200, body: { userId: '6745a1f0c2b3d4e5f6a7b8c9', items: [] } });
  const res = await fetch(`${f.service.url}/api/notification`);
  t.equal(res.status, 404);
  t.match(await res.json(), { code: 'PEEL_NOTIFICATIONS_NOT_FOUND' });
  const ready = await fetch(`${f.service.url}/readyz`);
  t.same(await ready.json(), { service: 'notifications', ready: true, reasons: [], lag: { ms: null, sequence: null, lastAppliedSequence: null, lastAppliedTime: null } }, 'no adapter status configured: the lag is unknown');
});

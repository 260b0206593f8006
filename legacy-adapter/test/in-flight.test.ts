import t from 'tap';
import type { StoredEvent } from '#adapter';
import { InFlight } from '#adapter/relay/in-flight';

const event = (sequence: number): StoredEvent =>
  ({ id: `e${sequence}`, type: 'legacy.change.v1', source: 's', time: new Date(sequence * 1000).toISOString(), subject: 'x', sequence, dataschema: 'd', data: {} }) as StoredEvent;

t.test('the checkpoint moves only over a contiguous settled prefix', async (t) => {
  const window = new InFlight();
  const [a, b, c] = [1, 2, 5].map((n) => window.add(event(n)));
  t.equal(window.unsent().length, 3);
  if (!a || !b || !c) return;
  b.state = 'settled';
  t.equal(window.takeSettledPrefix(), undefined, 'a gap at the front holds it');
  a.state = 'settled';
  t.equal(window.takeSettledPrefix()?.sequence, 2);
  t.equal(window.size, 1);
  t.equal(window.oldest()?.sequence, 5);
  c.state = 'sent';
  window.resend();
  t.equal(c.state, 'unsent', 'sent and unconfirmed goes out again after a reconnect');
  c.state = 'waiting';
  window.resend();
  t.equal(c.state, 'waiting', 'a scheduled retry keeps its schedule');
});

import t from 'tap';
import type { AdapterStatus } from '#contracts';
import { computeSyncLag } from '#runtime';

const adapter: AdapterStatus = {
  ready: true,
  reasons: [],
  capture: { lastSequence: 120, lastEventTime: '2026-11-26T10:00:05.000Z', lagMs: 3 },
  relay: { lastPublishedSequence: 118, lagEvents: 2, lagMs: 40, blocked: false },
};
const applied = { sequence: 100, time: new Date('2026-11-26T10:00:02.500Z') };

t.test('without an adapter status the lag is unknown, but the position is reported', async (t) => {
  t.same(computeSyncLag(applied, undefined, true), {
    ms: null,
    sequence: null,
    lastAppliedSequence: 100,
    lastAppliedTime: '2026-11-26T10:00:02.500Z',
  });
});

t.test('with messages pending, the lag is the distance to what the adapter captured', async (t) => {
  t.same(computeSyncLag(applied, adapter, false), { ms: 2_500, sequence: 20, lastAppliedSequence: 100, lastAppliedTime: '2026-11-26T10:00:02.500Z' });
});

t.test('with the queue drained, the catalog is as current as the relay', async (t) => {
  t.same(computeSyncLag(applied, adapter, true), { ms: 40, sequence: 2, lastAppliedSequence: 100, lastAppliedTime: '2026-11-26T10:00:02.500Z' });
});

t.test('nothing applied yet: with messages pending every captured event is behind, time unknown', async (t) => {
  t.same(computeSyncLag(undefined, adapter, false), { ms: null, sequence: 120, lastAppliedSequence: null, lastAppliedTime: null });
});

t.test('nothing applied and nothing pending: unknown, never a claim of being in sync', async (t) => {
  t.same(computeSyncLag(undefined, adapter, true), { ms: null, sequence: null, lastAppliedSequence: null, lastAppliedTime: null });
});

t.test('never negative when the catalog applied past the last status poll', async (t) => {
  const ahead = { sequence: 130, time: new Date('2026-11-26T10:00:09.000Z') };
  t.same(computeSyncLag(ahead, adapter, false), { ms: 0, sequence: 0, lastAppliedSequence: 130, lastAppliedTime: '2026-11-26T10:00:09.000Z' });
});

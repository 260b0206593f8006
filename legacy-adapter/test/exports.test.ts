import t from 'tap';

t.test('the public surface of #adapter is pinned', async (t) => {
  const exported = Object.keys(await import('#adapter')).sort();
  t.same(exported, [
    'ADAPTER_COLLECTIONS',
    'ADAPTER_ENV',
    'adapterErrors',
    'buildHttpServer',
    'createAdapter',
    'loadAdapterConfig',
    'mapChange',
    'mapSnapshot',
    'matchingEventTypes',
    'parseWatchList',
    'replayEvents',
    'runAdapter',
    'runReplay',
    'shopDatabaseOf',
  ]);
});

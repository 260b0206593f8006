import t from 'tap';
import * as runtime from '#runtime';

t.test('the public surface of the runtime is pinned', async (t) => {
  t.same(Object.keys(runtime).sort(), [
    'ConsumerRuntimeSettings',
    'DEAD_LETTER_EXCHANGE',
    'HEADER',
    'SEQUENCE_FIELD',
    'applyIfNewer',
    'backoffDelayMs',
    'computeSyncLag',
    'createConsumer',
    'createMongoPing',
    'createSyncLagTracker',
    'deadLetterQueueOf',
    'declareTopology',
    'describeDeadLetter',
    'insertOnce',
    'isDuplicateKey',
    'listDeadLetterQueues',
    'mainQueueOf',
    'purgeDeadLetters',
    'registerSyncLagGauges',
    'retryBudgetMs',
    'retryDeadLetters',
    'retryQueueOf',
    'runtimeErrors',
    'serviceReadiness',
    'showDeadLetters',
    'topologyQueues',
  ]);
});

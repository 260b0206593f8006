import t from 'tap';
import * as embeddedMongo from '#embedded-mongo';

t.test('the public surface is exactly this', async (t) => {
  t.same(Object.keys(embeddedMongo).sort(), ['ChangeLog', 'MongoCommandError', 'embeddedMongoErrors', 'startEmbeddedMongo']);
  t.same(Object.values(embeddedMongo.embeddedMongoErrors).map((e) => e.code).sort(), ['PEEL_MONGO_DBPATH_LOCKED', 'PEEL_MONGO_DBPATH_UNUSABLE', 'PEEL_MONGO_JOURNAL_FAILED']);
});

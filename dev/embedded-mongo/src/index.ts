export { startEmbeddedMongo, type EmbeddedMongo, type EmbeddedMongoOptions } from './server.ts';
export { ChangeLog, type ChangeInput, type ChangeRecord, type ChangeOperation } from './change-log.ts';
export { MongoCommandError } from './command-error.ts';
export { embeddedMongoErrors } from './errors.ts';

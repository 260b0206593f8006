export { uniqueName } from './unique-name.ts';
export { useAmqp, TEST_AMQP_URL, type TestAmqp } from './amqp.ts';
export { useMongo, useTinyChangeLogMongo, type TestMongo } from './mongo.ts';
export { useAdapterStatusServer } from './adapter-status.ts';

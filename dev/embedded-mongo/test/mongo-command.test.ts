import { PassThrough } from 'node:stream';
import t from 'tap';
import { run } from '../src/mongo-command.ts';
import { loadEmbeddedMongoConfig } from '../src/config.ts';

function context(env: NodeJS.ProcessEnv = {}) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return { ctx: { stdout, stderr, env }, output: () => out };
}

t.test('--help describes the flags and exits 0', async (t) => {
  const { ctx, output } = context();
  t.equal(await run(['--help'], ctx), 0);
  t.match(output(), /usage: peel mongo/);
  t.match(output(), /--dbpath DIR/);
  t.match(output(), /--change-log-size N/);
});

t.test('a bad flag or port is a usage error; a bad value names the field', async (t) => {
  await t.rejects(run(['--bogus'], context().ctx), { code: 'PEEL_CLI_USAGE' });
  await t.rejects(run(['--port', 'abc'], context().ctx), { code: 'PEEL_CLI_USAGE', message: /--port expects a port number from 0 to 65535, got "abc"/ });
  await t.rejects(run(['--change-log-size', '3'], context().ctx), { code: 'PEEL_CONFIG_INVALID', message: /changeLogSize/ });
});

t.test('a bad value names what sets it: the flag and its variable, or the variable alone when there is no flag', async (t) => {
  await t.rejects(run(['--change-log-size', 'abc'], context().ctx), {
    code: 'PEEL_CONFIG_INVALID',
    message: /EMBEDDED_MONGO_CHANGE_LOG_SIZE or --change-log-size \(changeLogSize\): .*expected number/,
  });
  await t.rejects(run(['--host', ''], context().ctx), { code: 'PEEL_CONFIG_INVALID', message: /EMBEDDED_MONGO_HOST or --host \(host\)/ });
  await t.rejects(run(['--dbpath', ''], context().ctx), { code: 'PEEL_CONFIG_INVALID', message: /EMBEDDED_MONGO_DBPATH or --dbpath \(dbpath\)/ });
  t.throws(() => loadEmbeddedMongoConfig({ EMBEDDED_MONGO_CHANGE_LOG_SIZE: '3' }), { message: /EMBEDDED_MONGO_CHANGE_LOG_SIZE or --change-log-size \(changeLogSize\)/ });
  t.throws(() => loadEmbeddedMongoConfig({ LOG_LEVEL: 'loud' }), { message: /LOG_LEVEL \(logLevel\)/ });
});

t.test('configuration: defaults, environment, flags over environment', async (t) => {
  t.match(loadEmbeddedMongoConfig({}), { host: '127.0.0.1', port: 27027, changeLogSize: 100_000, replicaSet: 'rs0' });
  t.equal(loadEmbeddedMongoConfig({}).dbpath, undefined, 'in memory by default');
  const fromEnv = loadEmbeddedMongoConfig({ EMBEDDED_MONGO_PORT: '28000', EMBEDDED_MONGO_DBPATH: '/tmp/x', EMBEDDED_MONGO_CHANGE_LOG_SIZE: '500' });
  t.match(fromEnv, { port: 28000, dbpath: '/tmp/x', changeLogSize: 500 });
  t.equal(loadEmbeddedMongoConfig({ EMBEDDED_MONGO_PORT: '28000' }, { port: '29000' }).port, 29000);
});

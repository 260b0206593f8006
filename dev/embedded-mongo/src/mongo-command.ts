import { parseCommandArgs, requirePort } from '#cli/args';
import type { CliContext } from '#cli/context';
import { closeOnSignals, type PeelError } from '#lib';
import { loadEmbeddedMongoConfig } from './config.ts';
import { runEmbeddedMongo } from './main.ts';

const HELP = `usage: peel mongo [--port PORT] [--host HOST] [--dbpath DIR] [--change-log-size N]

Runs the embedded MongoDB-compatible server (development only) as the primary of the
one-member replica set rs0: connect with mongodb://HOST:PORT/?replicaSet=rs0.
Data is in memory unless --dbpath is given; then every acknowledged write is in a
journal in DIR (fsynced before the reply) and survives kill -9. SIGTERM or Ctrl-C stops
it cleanly. If a journal write fails it stops acknowledging writes and exits with code 1;
start it again to replay the journal.

  --port PORT            listen port (env EMBEDDED_MONGO_PORT, default 27027; 0 picks one)
  --host HOST            listen address (env EMBEDDED_MONGO_HOST, default 127.0.0.1)
  --dbpath DIR           keep data across restarts in DIR (env EMBEDDED_MONGO_DBPATH)
  --change-log-size N    changes kept for resuming change streams (env EMBEDDED_MONGO_CHANGE_LOG_SIZE, default 100000)

environment: EMBEDDED_MONGO_HOST, EMBEDDED_MONGO_PORT, EMBEDDED_MONGO_DBPATH,
EMBEDDED_MONGO_CHANGE_LOG_SIZE, EMBEDDED_MONGO_REPLICA_SET, LOG_LEVEL
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('mongo', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    dbpath: { type: 'string' },
    'change-log-size': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const overrides: Record<string, unknown> = {};
  if (values.port !== undefined) overrides.port = requirePort('mongo', 'port', values.port);
  if (values.host !== undefined) overrides.host = values.host;
  if (values.dbpath !== undefined) overrides.dbpath = values.dbpath;
  if (values['change-log-size'] !== undefined) overrides.changeLogSize = values['change-log-size'];
  const { server, logger } = await runEmbeddedMongo(loadEmbeddedMongoConfig(ctx.env, overrides));
  const failure = await new Promise<PeelError | undefined>((resolve) => {
    closeOnSignals({ close: () => server.close().then(() => resolve(undefined)) }, logger);
    void server.failed.then(resolve);
  });
  // A failed journal: exit non-zero, so that whoever runs this restarts it and the journal is replayed.
  if (failure) throw failure;
  return 0;
}

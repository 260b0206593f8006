import { parseCommandArgs, requirePort } from '#cli/args';
import type { CliContext } from '#cli/context';
import { closeOnSignals } from '#lib';
import { loadProxyConfig } from './config.ts';
import { startProxy } from './main.ts';

const HELP = `usage: peel proxy [--features FILE] [--host HOST] [--port PORT] [--admin-port PORT]

Runs the edge proxy: every request is matched to a feature of the features file and sent
to its owner (legacy or an extracted service). Runtime changes go through the admin API
(\`peel features\`), are versioned, audited and kept in MongoDB (MONGODB_URL) or in the
state file. SIGTERM stops intake, lets in-flight requests finish (DRAIN_TIMEOUT_MS), exits 0.
/healthz, /readyz and /metrics are served on the admin listener.

  --features FILE   the starting feature table, JSON or YAML (env PEEL_FEATURES_FILE)
  --host HOST       public listen address (env PROXY_HOST, default 0.0.0.0)
  --port PORT       public listen port (env PROXY_PORT, default 8080)
  --admin-port PORT admin API port (env ADMIN_PORT, default 8081; ADMIN_HOST default 127.0.0.1)

LEGACY_URL, when set, is the legacy upstream's URL (the features file may then leave out
upstreams.legacy; its timeouts and pool settings, if given, still apply).

environment: PROXY_HOST, PROXY_PORT, ADMIN_HOST, ADMIN_PORT, PEEL_ADMIN_TOKEN,
PEEL_FEATURES_FILE, LEGACY_URL, PEEL_STATE_FILE, MONGODB_URL, PEEL_MONGODB_DATABASE, TRUSTED_PROXIES
(comma-separated CIDRs), PROGRESS_INTERVAL_MS, DRAIN_TIMEOUT_MS, SYNC_INTERVAL_MS, LOG_LEVEL
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('proxy', args, {
    features: { type: 'string' },
    host: { type: 'string' },
    port: { type: 'string' },
    'admin-port': { type: 'string' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const overrides: Record<string, unknown> = {};
  if (values.features !== undefined) overrides.featuresFile = values.features;
  const port = values.port === undefined ? undefined : requirePort('proxy', 'port', values.port);
  if (values.host !== undefined || port !== undefined) overrides.listen = { host: values.host, port };
  if (values['admin-port'] !== undefined) overrides.admin = { port: requirePort('proxy', 'admin-port', values['admin-port']) };
  const config = loadProxyConfig(ctx.env, dropUndefined(overrides));
  const running = await startProxy(config);
  await new Promise<void>((resolve) => {
    closeOnSignals({ close: () => running.close().then(resolve) }, running.logger);
  });
  return 0;
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

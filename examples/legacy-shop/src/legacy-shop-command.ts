import { parseCommandArgs, requirePort } from '#cli/args';
import type { CliContext } from '#cli/context';
import { closeOnSignals } from '#lib';
import { loadShopConfig } from './config.ts';
import { startLegacyShop } from './main.ts';

const HELP = `usage: peel legacy-shop [--host HOST] [--port PORT]

Runs the demo monolith (users, products, orders) on MongoDB database SHOP_DATABASE
(default shop). With MONGODB_URL unset it starts an embedded MongoDB-compatible server on
127.0.0.1:EMBEDDED_MONGO_PORT (default 27027) and uses that. SIGTERM or Ctrl-C stops it
cleanly.

  --host HOST   listen address (env SHOP_HOST, default 0.0.0.0)
  --port PORT   listen port (env SHOP_PORT, default 3000)

environment: SHOP_HOST, SHOP_PORT, MONGODB_URL, SHOP_DATABASE, EMBEDDED_MONGO_PORT, LOG_LEVEL
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('legacy-shop', args, { host: { type: 'string' }, port: { type: 'string' } });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const http: Record<string, string | number> = {};
  if (values.host !== undefined) http.host = values.host;
  if (values.port !== undefined) http.port = requirePort('legacy-shop', 'port', values.port);
  const config = loadShopConfig(ctx.env, { http });
  const shop = await startLegacyShop(config);
  await new Promise<void>((resolve) => {
    closeOnSignals({ close: () => shop.close().then(resolve) }, shop.logger);
  });
  return 0;
}

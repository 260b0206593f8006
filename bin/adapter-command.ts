import { runAdapter } from '#adapter';
import { parseCommandArgs } from './args.ts';
import type { CliContext } from './context.ts';

const HELP = `usage: peel adapter [--snapshot]

Runs the change-data adapter: MongoDB change streams → event store → RabbitMQ.

  --snapshot   copy every watched document again as snapshot events before streaming
               (also the way to recover after PEEL_ADAPTER_RESUME_TOKEN_LOST)

environment: MONGODB_URL (required), AMQP_URL, ADAPTER_DATABASE (peel_adapter),
  ADAPTER_WATCH (shop | shop.products,shop.users), ADAPTER_SHOP_DATABASE,
  ADAPTER_HOST (127.0.0.1), ADAPTER_PORT (8090), PEEL_EXCHANGE (peel.events),
  ADAPTER_ON_RESUME_TOKEN_LOST (fail | resnapshot), ADAPTER_SNAPSHOT_ON_FIRST_START,
  ADAPTER_CAPTURE_LINGER_MS (5), ADAPTER_CORRELATION_FIELD (the document field holding the
  request id of a write), ADAPTER_RELAY_WINDOW, ADAPTER_STATS_INTERVAL_MS, LOG_LEVEL
HTTP: /healthz, /readyz, /status, /metrics
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('adapter', args, { snapshot: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const tty = process.stderr.isTTY ? process.stderr : undefined;
  await runAdapter(ctx.env, { forceSnapshot: values.snapshot === true, tty });
  return 0;
}

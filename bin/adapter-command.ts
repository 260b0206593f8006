import { runAdapter } from '#adapter';
import { parseCommandArgs } from './args.ts';
import type { CliContext } from './context.ts';

const HELP = `usage: peel adapter [--snapshot]

Runs the change-data adapter: MongoDB change streams → event store → RabbitMQ.

  --snapshot   copy every watched document again as snapshot events before streaming
               (also the way to recover after PEEL_ADAPTER_RESUME_TOKEN_LOST)

environment (defaults in parentheses):
  MONGODB_URL (required), AMQP_URL (amqp://guest:guest@127.0.0.1:5672), LOG_LEVEL (info)
  ADAPTER_DATABASE (peel_adapter): the adapter's own database (event store, checkpoints)
  ADAPTER_WATCH (shop): shop | shop.products,shop.users; ADAPTER_SHOP_DATABASE (the first watched)
  ADAPTER_HOST (127.0.0.1), ADAPTER_PORT (8090), PEEL_EXCHANGE (peel.events)
  capture:  ADAPTER_CAPTURE_BATCH_SIZE (1000), ADAPTER_CAPTURE_MAX_AWAIT_MS (500),
            ADAPTER_CAPTURE_LINGER_MS (5), ADAPTER_CORRELATION_FIELD (unset: the document
            field holding the request id of a write)
  snapshot: ADAPTER_SNAPSHOT_ON_FIRST_START (true), ADAPTER_SNAPSHOT_BATCH_SIZE (500),
            ADAPTER_ON_RESUME_TOKEN_LOST (fail | resnapshot)
  relay:    ADAPTER_RELAY_WINDOW (512), ADAPTER_RELAY_BATCH_SIZE (500),
            ADAPTER_RECONNECT_INITIAL_MS (200), ADAPTER_RECONNECT_MAX_MS (10000),
            ADAPTER_RETURNED_RETRIES (3), ADAPTER_RETURNED_RETRY_DELAY_MS (1000)
  ADAPTER_STATS_INTERVAL_MS (10000; 0 turns the info line off)
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

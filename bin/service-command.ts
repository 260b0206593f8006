import { parseCommandArgs } from './args.ts';
import type { CliContext } from './context.ts';
import { cliErrors } from './errors.ts';

const SERVICES = {
  catalog: async (env: NodeJS.ProcessEnv) => (await import('#catalog')).runCatalog(env),
  notifications: async (env: NodeJS.ProcessEnv) => (await import('#notifications')).runNotifications(env),
} as const;

const HELP = `usage: peel service <catalog|notifications>

Runs one extracted service until SIGTERM/SIGINT (then it stops consuming, lets in-flight
events finish, and exits 0).

  catalog         owns products: consumes shop.product.* into its own database and serves
                  GET /api/products and /api/products/:id exactly like the shop (port 4001)
  notifications   consumes shop.user.registered, user snapshots and shop.order.*, records
                  and sends notifications, serves GET /api/notifications?userId= (port 4002)

Both serve /healthz, /readyz (ServiceReadiness, with the sync lag) and /metrics.

environment:
  MONGODB_URL (required)   AMQP_URL            PEEL_EXCHANGE (default peel.events)
  SERVICE_HOST             SERVICE_PORT        SERVICE_DATABASE (default: the service name)
  SERVICE_QUEUE (default peel.<name>)          SERVICE_QUEUE_TYPE (quorum|classic)
  SERVICE_PREFETCH         SERVICE_MAX_ATTEMPTS  SERVICE_MAX_REDELIVERIES (deliveries without an ack,
                           a consumer crash each time, before a message is dead-lettered; default 10)
  SERVICE_SHUTDOWN_TIMEOUT_MS (how long SIGTERM waits for in-flight events before handing
                           them back to the broker; default 10000)
  ADAPTER_STATUS_URL (the adapter's /status, for the sync lag)   ADAPTER_STATUS_INTERVAL_MS
  SMTP_URL, SMTP_FROM (notifications: mail through smtp[s]://; unset = log only)
  LOG_LEVEL
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('service', args, {}, true);
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (name === undefined || extra.length > 0 || !Object.hasOwn(SERVICES, name)) {
    const problem = name === undefined ? 'expected a service name' : extra.length > 0 ? `unexpected ${extra.join(' ')}` : `unknown service ${JSON.stringify(name)}`;
    throw cliErrors.usage({ command: 'service', problem: `${problem}; one of ${Object.keys(SERVICES).join(', ')}` });
  }
  await SERVICES[name as keyof typeof SERVICES](ctx.env);
  return 0;
}

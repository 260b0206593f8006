import amqp from 'amqplib';
import { parseCommandArgs, requireNumber } from '#cli/args';
import { cliErrors } from '#cli/errors';
import type { CliContext } from '#cli/context';
import { DEFAULT_AMQP_URL } from '#contracts';
import { closeAmqp } from '#lib';
import { runtimeErrors } from '../errors.ts';
import { formatDeadLetters, formatListing, formatRetry } from './format.ts';
import { knownQueues } from './known-queues.ts';
import { listDeadLetterQueues } from './list.ts';
import { purgeDeadLetters } from './purge.ts';
import { retryDeadLetters } from './retry.ts';
import { showDeadLetters } from './show.ts';

const HELP = `usage: peel dlq <list|show|retry|purge> [queue] [options]

Inspects and replays the dead letters of extracted services (queue <queue>.dlq).

  list [queue...]   dead-letter queues and their depth
  show <queue>      dead letters with their reason and origin; they stay in the DLQ, in order
  retry <queue>     republish dead letters to their original exchange and routing key with a
                    fresh attempt count, then remove them from the DLQ (oldest first)
  purge <queue>     drop every dead letter of the queue

  --limit N             show: at most N (default 20); retry: at most N (default all)
  --queue-only          retry: send to <queue> alone instead of every queue bound to the routing key
  --json                machine-readable output
  --amqp-url URL        default AMQP_URL, else ${DEFAULT_AMQP_URL}
  --management-url URL  list: the RabbitMQ management API (default RABBITMQ_MANAGEMENT_URL,
                        else http://<amqp host>:15672). Without it, list checks the queues named
                        on the command line, SERVICE_QUEUE and the demo services' queues.
`;

const OPTIONS = {
  limit: { type: 'string' },
  json: { type: 'boolean' },
  'queue-only': { type: 'boolean' },
  'amqp-url': { type: 'string' },
  'management-url': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];
type Action = 'list' | 'show' | 'retry' | 'purge';
const ACTIONS: readonly Action[] = ['list', 'show', 'retry', 'purge'];

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values, positionals } = parseCommandArgs('dlq', args, OPTIONS, true);
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  const [action, ...names] = positionals;
  if (!ACTIONS.includes(action as Action)) throw usage(`expected one of ${ACTIONS.join(', ')}, got ${JSON.stringify(action ?? '')}`);
  const url = values['amqp-url'] ?? ctx.env.AMQP_URL ?? DEFAULT_AMQP_URL;
  const connection = await connect(url, action as Action);
  try {
    const output = await perform(action as Action, names, values, { connection, url, ctx });
    ctx.stdout.write(values.json ? `${JSON.stringify(output.data, null, 2)}\n` : output.text);
    return output.ok ? 0 : 1;
  } finally {
    await closeAmqp(connection);
  }
}

async function connect(url: string, action: Action): Promise<amqp.ChannelModel> {
  try {
    const connection = await amqp.connect(url, { timeout: 5_000, clientProperties: { connection_name: `peel-dlq-${action}` } });
    connection.on('error', () => undefined);
    return connection;
  } catch (err) {
    throw runtimeErrors.brokerUnreachable({ url: withoutPassword(url), reason: err instanceof Error ? err.message : String(err) }, { cause: err });
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

interface Env {
  connection: amqp.ChannelModel;
  url: string;
  ctx: CliContext;
}

async function perform(action: Action, names: string[], values: Values, env: Env): Promise<{ data: unknown; text: string; ok: boolean }> {
  if (action === 'list') {
    const listing = await listDeadLetterQueues({
      connection: env.connection,
      amqpUrl: env.url,
      managementUrl: values['management-url'] ?? env.ctx.env.RABBITMQ_MANAGEMENT_URL,
      candidates: [...names, ...knownQueues(env.ctx.env)],
    });
    return { data: listing, text: formatListing(listing), ok: true };
  }
  const queue = oneQueue(action, names);
  if (action === 'show') {
    const shown = await showDeadLetters(env.connection, queue, limitOf(values, 20));
    return { data: shown, text: formatDeadLetters(shown), ok: true };
  }
  if (action === 'retry') {
    const result = await retryDeadLetters(env.connection, queue, { limit: limitOf(values, Infinity), queueOnly: values['queue-only'] === true });
    return { data: result, text: formatRetry(result), ok: result.unroutable === 0 };
  }
  const purged = await purgeDeadLetters(env.connection, queue);
  return { data: purged, text: `purged ${purged.purged} dead letters from ${purged.queue}.dlq\n`, ok: true };
}

function oneQueue(action: Action, names: string[]): string {
  if (names.length !== 1 || !names[0]) throw usage(`${action} expects exactly one queue name, got ${names.length}`);
  return names[0];
}

function limitOf(values: Values, fallback: number): number {
  const limit = requireNumber('dlq', 'limit', values.limit, fallback);
  if (!(limit >= 1) || (Number.isFinite(limit) && !Number.isInteger(limit))) throw usage(`--limit expects a whole number >= 1, got ${values.limit}`);
  return limit;
}

function usage(problem: string) {
  return cliErrors.usage({ command: 'dlq', problem });
}

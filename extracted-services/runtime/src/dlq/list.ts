import type { ChannelModel } from 'amqplib';
import { deadLetterQueueOf, mainQueueOf } from '../names.ts';
import { dlqDepth } from './dlq-channel.ts';

export interface DlqListing {
  /** `management`: every `.dlq` queue on the vhost; `derived`: only the candidate names given. */
  source: 'management' | 'derived';
  queues: Array<{ queue: string; dlq: string; deadLetters: number }>;
}

export interface ListOptions {
  connection: ChannelModel;
  amqpUrl: string;
  /** RabbitMQ management API base URL; `http://<amqp host>:15672` when unset. */
  managementUrl?: string;
  /** Queue names to check when the management API is not there. */
  candidates: string[];
  fetch?: typeof fetch;
}

/**
 * AMQP cannot enumerate queues, so the management API is asked first (when the plugin is
 * enabled it sees every `.dlq`); without it, the candidate names are checked one by one.
 */
export async function listDeadLetterQueues(options: ListOptions): Promise<DlqListing> {
  const fromApi = await listFromManagement(options).catch(() => undefined);
  if (fromApi) return { source: 'management', queues: fromApi };
  const queues: DlqListing['queues'] = [];
  for (const queue of [...new Set(options.candidates.map(mainQueueOf))]) {
    const dlq = deadLetterQueueOf(queue);
    const depth = await dlqDepth(options.connection, dlq);
    if (depth !== undefined) queues.push({ queue, dlq, deadLetters: depth });
  }
  return { source: 'derived', queues };
}

interface ApiQueue {
  name: string;
  messages?: number;
}

async function listFromManagement(options: ListOptions): Promise<DlqListing['queues'] | undefined> {
  const amqp = new URL(options.amqpUrl);
  const base = options.managementUrl ?? `http://${amqp.hostname}:15672`;
  const vhost = decodeURIComponent(amqp.pathname.slice(1)) || '/';
  const url = new URL(`api/queues/${encodeURIComponent(vhost)}?columns=name,messages`, base.endsWith('/') ? base : `${base}/`);
  const user = decodeURIComponent(amqp.username || 'guest');
  const password = decodeURIComponent(amqp.password || 'guest');
  const response = await (options.fetch ?? fetch)(url, {
    headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
    signal: AbortSignal.timeout(3_000),
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as ApiQueue[];
  return body
    .filter((q) => q.name.endsWith('.dlq'))
    .map((q) => ({ queue: mainQueueOf(q.name), dlq: q.name, deadLetters: q.messages ?? 0 }))
    .sort((a, b) => a.queue.localeCompare(b.queue));
}

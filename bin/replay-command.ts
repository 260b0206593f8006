import { constants as osConstants } from 'node:os';
import { adapterErrors, runReplay } from '#adapter';
import { stopOnSignals } from '#lib';
import { parseCommandArgs } from './args.ts';
import type { CliContext } from './context.ts';
import { createProgressGate } from './progress-gate.ts';

const HELP = `usage: peel replay [--type PATTERN] [--since ISO-TIME] [--after-sequence N] [--to-exchange X | --to-queue Q] [--json]

Republishes stored events (oldest first, with publisher confirms), e.g. for a new
service that needs history.

  --type PATTERN     event types to send: shop.product.* (one word per *), shop.# (any), or a full type
  --since ISO-TIME   only events whose time is at or after this, e.g. 2026-11-26T00:00:00Z
  --after-sequence N only events after sequence N (to go on after a stopped replay)
  --to-exchange X    publish to exchange X, which must exist (routing key = type without version); default PEEL_EXCHANGE
  --to-queue Q       send straight to queue Q, which must exist, instead
  --json             print the result as JSON

SIGTERM or Ctrl-C stops after the events already sent are confirmed, prints where to go
on from, and exits 128 + the signal number.

environment: MONGODB_URL, ADAPTER_DATABASE, AMQP_URL, PEEL_EXCHANGE (as for peel adapter)
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('replay', args, {
    type: { type: 'string' },
    since: { type: 'string' },
    'after-sequence': { type: 'string' },
    'to-exchange': { type: 'string' },
    'to-queue': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  if (values['to-exchange'] !== undefined && values['to-queue'] !== undefined) {
    throw adapterErrors.replayInvalid({ field: '--to-exchange/--to-queue', problem: 'are exclusive: give one target' });
  }
  const since = parseSince(values.since);
  const afterSequence = parseAfterSequence(values['after-sequence']);
  const target = values['to-queue'] !== undefined ? { queue: values['to-queue'] } : values['to-exchange'] !== undefined ? { exchange: values['to-exchange'] } : undefined;
  const showProgress = createProgressGate();
  // Replay stops between two events; what was sent is still confirmed. A second signal exits at once.
  const stop = stopOnSignals({
    onStop: (signal) => ctx.stderr.write(`peel replay: ${signal}: stopping once the events already sent are confirmed\n`),
    exitCodeOnSecond: exitCodeFor,
  });
  const result = await runReplay(ctx.env, {
    typePattern: values.type,
    since,
    afterSequence,
    target,
    signal: stop.signal,
    onProgress: (done, total) => {
      if (showProgress(done, total)) ctx.stderr.write(`replayed ${done}/${total}\n`);
    },
  }).finally(() => stop.dispose());
  ctx.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `replayed ${result.published} events\n`);
  if (result.skippedMarkers) {
    ctx.stderr.write(
      `peel replay: left out ${result.skippedMarkers} end-of-snapshot marker(s) whose snapshot run is not wholly in the selection ` +
        `(a consumer would drop what still exists); to send one, select its whole run: its snapshot type, ` +
        `a --since no later than its startedAt and an --after-sequence below its startSequence\n`,
    );
  }
  if (!result.stoppedAfter) return 0;
  ctx.stderr.write(
    `peel replay: stopped by ${stop.received ?? 'a signal'} after ${result.total} of ${result.matched} events, all confirmed; ` +
      `to go on, run it again with the same options and --after-sequence ${result.stoppedAfter.sequence}\n`,
  );
  return exitCodeFor(stop.received ?? 'SIGTERM');
}

/** What a shell reports for a process ended by `signal`. */
function exitCodeFor(signal: NodeJS.Signals): number {
  return 128 + osConstants.signals[signal];
}

function parseAfterSequence(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw adapterErrors.replayInvalid({ field: '--after-sequence', problem: `expects a whole number (a stored event's sequence), got ${JSON.stringify(value)}` });
  }
  return Number(value);
}

function parseSince(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw adapterErrors.replayInvalid({ field: '--since', problem: `expects an ISO-8601 time like 2026-11-26T10:00:00Z, got ${JSON.stringify(value)}` });
  }
  return date;
}

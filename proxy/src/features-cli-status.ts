import type { Feature } from '#contracts';
import { clientFrom, parseFlags, usageError, type CliIo } from './features-cli-args.ts';
import { formatFeatureList } from './features-cli-format.ts';

const HELP = `usage: peel status [--admin-url URL] [--token T] [--json]

One screen of migration state from the proxy's admin API: every feature with its owner,
mode and share of traffic sent to services, and the config version in force.
`;

interface FeaturesReply {
  version: number;
  features: Feature[];
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('status', args, {});
  if (values.help) {
    io.stdout.write(HELP);
    return 0;
  }
  if (positionals.length > 0) throw usageError('status', `unexpected argument ${JSON.stringify(positionals[0])}`);
  const client = clientFrom(values, io.env, 'status');
  const reply = await client.get<FeaturesReply>('/features');
  const owners = ownersOf(reply.features);
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ configVersion: reply.version, owners, features: reply.features }, null, 2)}\n`);
    return 0;
  }
  const byOwner = Object.entries(owners).map(([owner, names]) => `${owner}: ${names.length}`).join(', ');
  io.stdout.write(`features by owner: ${byOwner}\n\n${formatFeatureList(reply.version, reply.features)}\n`);
  return 0;
}

/** Feature names per owner taking traffic; a canary counts for its service. */
function ownersOf(features: readonly Feature[]): Record<string, string[]> {
  const owners: Record<string, string[]> = {};
  for (const f of features) (owners[f.mode === 'legacy' ? 'legacy' : f.owner] ??= []).push(f.name);
  return owners;
}

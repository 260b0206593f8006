import type { Feature } from '#contracts';
import type { AuditEntry } from './audit.ts';
import { clientFrom, parseFlags, parsePercent, parseVersion, usageError, type CliIo } from './features-cli-args.ts';
import { describeOwnership, formatAudit, formatFeature, formatFeatureList } from './features-cli-format.ts';

const HELP = `usage: peel features <list|show|set|rollback|audit> [options]

  peel features list                       every feature, its owner, mode and share
  peel features show <name>                one feature in detail
  peel features set <name> [--owner X] [--mode legacy|service|canary] [--percent N] [--fallback legacy|none] [--reason R] [--if-version V]
                                           change ownership (--owner catalog alone: the service takes all traffic;
                                           --owner catalog --percent 10: a 10% canary; --owner legacy: back to legacy)
  peel features rollback <name> [--reason R] [--if-version V]   back to legacy at once
  peel features rollback --all [--reason R]    the kill switch: every feature back to legacy
  peel features audit [--feature F] [--limit N] [--before V]   who changed what, newest first (--before: older than version V)

options:
  --admin-url URL   admin API (default http://127.0.0.1:8081, or PEEL_ADMIN_URL)
  --token T         admin token (default PEEL_ADMIN_TOKEN)
  --actor NAME      recorded in the audit log (default PEEL_ACTOR or USER)
  --if-version V    change only if the config version is still V (from list/show); else PEEL_PROXY_FEATURE_VERSION_MISMATCH
  --json            machine-readable output
`;

interface FeaturesReply {
  version: number;
  features: Feature[];
}
interface FeatureReply {
  version: number;
  feature: Feature;
}

type Action = (args: string[], io: CliIo) => Promise<number>;

const ACTIONS: Record<string, Action> = { list, show, set, rollback, audit };

export async function run(args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action === undefined) throw usageError('features', `expected an action: ${Object.keys(ACTIONS).join(', ')}`);
  if (action === '--help' || action === '-h' || action === 'help') {
    io.stdout.write(HELP);
    return 0;
  }
  const handler = ACTIONS[action];
  if (!handler) throw usageError('features', `unknown action ${JSON.stringify(action)}; actions: ${Object.keys(ACTIONS).join(', ')}`);
  return handler(rest, io);
}

async function list(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('features list', args, {});
  if (values.help) return help(io);
  noPositionals('features list', positionals);
  const reply = await clientFrom(values, io.env, 'features list').get<FeaturesReply>('/features');
  return print(io, values.json, reply, () => formatFeatureList(reply.version, reply.features));
}

async function show(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('features show', args, {});
  if (values.help) return help(io);
  const name = oneName('features show', positionals);
  const reply = await clientFrom(values, io.env, 'features show').get<FeatureReply>(`/features/${encodeURIComponent(name)}`);
  return print(io, values.json, reply, () => formatFeature(reply.version, reply.feature));
}

async function set(args: string[], io: CliIo): Promise<number> {
  const options = { owner: { type: 'string' }, mode: { type: 'string' }, percent: { type: 'string' }, fallback: { type: 'string' }, reason: { type: 'string' }, 'if-version': { type: 'string' } } as const;
  const { values, positionals } = parseFlags('features set', args, options);
  if (values.help) return help(io);
  const name = oneName('features set', positionals);
  const change = { owner: values.owner, mode: values.mode, percent: parsePercent('features set', values.percent), fallback: values.fallback };
  if (Object.values(change).every((v) => v === undefined)) throw usageError('features set', 'nothing to change: pass --owner, --mode, --percent or --fallback');
  const ifVersion = parseVersion('features set', 'if-version', values['if-version']);
  const reply = await clientFrom(values, io.env, 'features set').put<FeatureReply>(`/features/${encodeURIComponent(name)}`, { ...change, reason: values.reason }, ifVersion);
  return print(io, values.json, reply, () => changed(reply));
}

async function rollback(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('features rollback', args, { all: { type: 'boolean' }, reason: { type: 'string' }, 'if-version': { type: 'string' } });
  if (values.help) return help(io);
  const client = clientFrom(values, io.env, 'features rollback');
  const body = { reason: values.reason };
  const ifVersion = parseVersion('features rollback', 'if-version', values['if-version']);
  if (values.all) {
    noPositionals('features rollback --all', positionals);
    const reply = await client.post<FeaturesReply>('/rollback-all', body, ifVersion);
    return print(io, values.json, reply, () => `every feature (${reply.features.length}) is back on legacy; config version ${reply.version}`);
  }
  const name = oneName('features rollback', positionals, 'a feature name (or --all)');
  return print(io, values.json, await client.post<FeatureReply>(`/features/${encodeURIComponent(name)}/rollback`, body, ifVersion), changed);
}

async function audit(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('features audit', args, { feature: { type: 'string' }, limit: { type: 'string' }, before: { type: 'string' } });
  if (values.help) return help(io);
  noPositionals('features audit', positionals);
  const query = new URLSearchParams();
  if (values.feature) query.set('feature', values.feature);
  if (values.limit) query.set('limit', values.limit);
  const before = parseVersion('features audit', 'before', values.before);
  if (before !== undefined) query.set('before', String(before));
  const reply = await clientFrom(values, io.env, 'features audit').get<{ entries: AuditEntry[] }>(`/audit?${query.toString()}`);
  return print(io, values.json, reply, () => formatAudit(reply.entries));
}

function changed(reply: FeatureReply): string {
  return `${reply.feature.name} is now ${describeOwnership(reply.feature)}; config version ${reply.version}`;
}

function print<T>(io: CliIo, json: boolean | undefined, reply: T, text: (reply: T) => string): number {
  io.stdout.write(json ? `${JSON.stringify(reply, null, 2)}\n` : `${text(reply)}\n`);
  return 0;
}

function help(io: CliIo): number {
  io.stdout.write(HELP);
  return 0;
}

function oneName(command: string, positionals: string[], what = 'a feature name'): string {
  if (positionals.length !== 1) throw usageError(command, `expected ${what}, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  return positionals[0] as string;
}

function noPositionals(command: string, positionals: string[]): void {
  if (positionals.length > 0) throw usageError(command, `unexpected argument ${JSON.stringify(positionals[0])}`);
}

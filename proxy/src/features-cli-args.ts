import { parseArgs, type ParseArgsConfig } from 'node:util';
import { PeelError } from '#lib';
import { ACTOR_PATTERN } from './audit.ts';
import { AdminClient, DEFAULT_ADMIN_URL } from './features-cli-client.ts';

/** The context `peel` hands every subcommand (kept structural: proxy/ does not import bin/). */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

export const COMMON_OPTIONS = {
  'admin-url': { type: 'string' },
  token: { type: 'string' },
  actor: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/**
 * PEEL_CLI_USAGE is the CLI's shared code for bad flags (`peel` exits 2 on it); it is raised
 * here by code because proxy/ cannot import bin/.
 */
export function usageError(command: string, problem: string): PeelError {
  // node's parseArgs explains some mistakes over several lines; an error is one line.
  return new PeelError('PEEL_CLI_USAGE', `${problem.replace(/\s*\n\s*/g, ' ')}; see peel ${command} --help`, { details: { command, problem } });
}

type Options = NonNullable<ParseArgsConfig['options']>;

export function parseFlags<O extends Options>(command: string, args: string[], options: O) {
  try {
    return parseArgs({ args, options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(command, err instanceof Error ? err.message : String(err));
  }
}

export function clientFrom(values: { 'admin-url'?: string; token?: string; actor?: string }, env: NodeJS.ProcessEnv, command: string): AdminClient {
  const adminUrl = values['admin-url'] ?? env.PEEL_ADMIN_URL ?? DEFAULT_ADMIN_URL;
  if (!URL.canParse(adminUrl) || !/^https?:$/.test(new URL(adminUrl).protocol)) throw usageError(command, `--admin-url expects an http(s) URL, got ${JSON.stringify(adminUrl)}`);
  const actor = values.actor ?? env.PEEL_ACTOR ?? env.USER;
  if (actor !== undefined && !ACTOR_PATTERN.test(actor)) {
    throw usageError(command, `--actor (or PEEL_ACTOR, else USER) expects a name of 1 to 100 printable ASCII characters for the audit log, got ${JSON.stringify(actor.slice(0, 40))}`);
  }
  return new AdminClient({ adminUrl, token: values.token ?? env.PEEL_ADMIN_TOKEN, actor });
}

export function parsePercent(command: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n)) throw usageError(command, `--percent expects a number from 0 to 100, got ${JSON.stringify(value)}`);
  return n;
}

/** A config version flag: a whole number, else a usage error naming the flag. */
export function parseVersion(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value)) throw usageError(command, `--${flag} expects a config version (a whole number, as list and show print it), got ${JSON.stringify(value)}`);
  return Number(value);
}

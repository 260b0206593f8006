import { parseArgs, type ParseArgsConfig } from 'node:util';
import { cliErrors } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * `util.parseArgs` with Peel's conventions: `--help` always exists, and a bad flag is a
 * PEEL_CLI_USAGE error naming the command, not a stack trace.
 */
export function parseCommandArgs<O extends Options>(command: string, args: string[], options: O, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true });
  } catch (err) {
    throw cliErrors.usage({ command, problem: err instanceof Error ? err.message : String(err) }, { cause: err });
  }
}

/** A `--port`-style flag: a whole number from 0 to 65535, else a PEEL_CLI_USAGE error. */
export function requirePort(command: string, flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0 || n > 65_535) {
    throw cliErrors.usage({ command, problem: `--${flag} expects a port number from 0 to 65535, got ${JSON.stringify(value)}` });
  }
  return n;
}

export function requireNumber(command: string, flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n)) throw cliErrors.usage({ command, problem: `--${flag} expects a number, got ${JSON.stringify(value)}` });
  return n;
}

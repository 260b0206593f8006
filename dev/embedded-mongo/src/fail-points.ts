import type { Document } from 'bson';
import { MongoCommandError } from './command-error.ts';
import { arrayArg, docArg, numberArg } from './commands/args.ts';

/** What `failCommand` does while it is on: MongoDB's test failpoint, the part drivers' tests use. */
interface FailCommand {
  commands: Set<string>;
  errorCode: number;
  errorLabels: string[];
  /** Only connections whose handshake named this application; every connection when unset. */
  appName: string | undefined;
  /** Failures left; Infinity for `alwaysOn`. */
  remaining: number;
}

/**
 * MongoDB's `configureFailPoint: 'failCommand'` (mode `alwaysOn`, `off`, `{ times }`; data
 * `failCommands`, `errorCode`, `errorLabels`, `appName`), so tests can make a command fail
 * as a real server started with `enableTestCommands` does.
 */
export class FailPoints {
  private failCommand: FailCommand | undefined;

  configure(cmd: Document): Document {
    if (cmd.configureFailPoint !== 'failCommand') throw new MongoCommandError(2, 'BadValue', `unknown fail point: ${String(cmd.configureFailPoint)}`);
    const remaining = timesOf(cmd.mode);
    if (remaining === 0) {
      this.failCommand = undefined;
      return { ok: 1 };
    }
    const data = docArg(cmd, 'data') ?? {};
    const labels = data.errorLabels === undefined ? [] : arrayArg(data, 'errorLabels');
    this.failCommand = {
      commands: new Set(arrayArg(data, 'failCommands').map(String)),
      errorCode: numberArg(data, 'errorCode') ?? 1,
      errorLabels: labels.map(String),
      appName: typeof data.appName === 'string' ? data.appName : undefined,
      remaining,
    };
    return { ok: 1 };
  }

  /** The error `command` must fail with now, if any; counts it against `{ times }`. */
  check(command: string, appName: string | undefined): MongoCommandError | undefined {
    const fail = this.failCommand;
    if (!fail || !fail.commands.has(command) || (fail.appName !== undefined && fail.appName !== appName)) return undefined;
    if (--fail.remaining <= 0) this.failCommand = undefined;
    return new MongoCommandError(fail.errorCode, '', "Failing command via 'failCommand' failpoint", { errorLabels: fail.errorLabels });
  }
}

function timesOf(mode: unknown): number {
  if (mode === 'alwaysOn') return Infinity;
  if (mode === 'off') return 0;
  const times = typeof mode === 'object' && mode !== null ? numberArg(mode as Document, 'times') : undefined;
  if (times !== undefined && times >= 0) return times;
  throw new MongoCommandError(2, 'BadValue', "mode must be 'alwaysOn', 'off' or { times: n }");
}

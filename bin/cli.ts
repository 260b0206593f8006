import { hasCode, releaseStartUpSignals } from '#lib';
import { COMMANDS } from './commands.ts';
import { cliErrors } from './errors.ts';
import type { CliContext } from './context.ts';

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  return [
    'usage: peel <command> [options]',
    '',
    'commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Run `peel <command> --help` for the options of one command.',
  ].join('\n');
}

/** Runs one subcommand and returns the process exit code. Errors are one line on stderr. */
export async function main(argv: string[], ctx: CliContext = { stdout: process.stdout, stderr: process.stderr, env: process.env }): Promise<number> {
  const [first, ...rest] = argv;
  const name = first === '--version' ? 'version' : first;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout.write(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  try {
    if (!command) throw cliErrors.unknownCommand({ name, known: COMMANDS.map((c) => c.name) });
    const module = await command.load();
    if (!command.handlesSignals) releaseStartUpSignals();
    return await module.run(rest, ctx);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // Only Peel's own codes are printed as codes; a library's (ECONNREFUSED, 11000, none) is in the message.
    const own = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
    const code = typeof own === 'string' && own.startsWith('PEEL_') ? own : cliErrors.failed.code;
    ctx.stderr.write(`peel ${name}: ${message} (${code})\n`);
    return hasCode(err, cliErrors.usage) || hasCode(err, cliErrors.unknownCommand) ? 2 : 1;
  }
}

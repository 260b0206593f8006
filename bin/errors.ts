import { defineError } from '#lib';

export const cliErrors = {
  // node's parseArgs explains some mistakes over several lines; an error is one line.
  usage: defineError<{ command: string; problem: string }>('PEEL_CLI_USAGE', undefined, (d) => `${d.problem.replace(/\s*\n\s*/g, ' ')}; see peel ${d.command} --help`),
  unknownCommand: defineError<{ name: string; known: string[] }>(
    'PEEL_CLI_UNKNOWN_COMMAND',
    undefined,
    (d) => `unknown command ${JSON.stringify(d.name)}; commands: ${d.known.join(', ')}`,
  ),
  /** A command failed with an error that has no Peel code of its own; the message is that error's. */
  failed: defineError<{ reason: string }>('PEEL_CLI_FAILED', undefined, (d) => d.reason),
};

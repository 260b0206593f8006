import { defineError } from '#lib';

export const cliErrors = {
  usage: defineError<{ command: string; problem: string }>('PEEL_CLI_USAGE', undefined, (d) => `${d.problem}; see peel ${d.command} --help`),
  unknownCommand: defineError<{ name: string; known: string[] }>(
    'PEEL_CLI_UNKNOWN_COMMAND',
    undefined,
    (d) => `unknown command ${JSON.stringify(d.name)}; commands: ${d.known.join(', ')}`,
  ),
};

import { PEEL_VERSION } from '#lib';
import { parseCommandArgs } from './args.ts';
import type { CliContext } from './context.ts';

const HELP = `usage: peel version [--json]

Prints the Peel version (also: peel --version).

  --json   print {"version": "..."}
`;

export async function run(args: string[], ctx: CliContext): Promise<number> {
  const { values } = parseCommandArgs('version', args, { json: { type: 'boolean' } });
  if (values.help) {
    ctx.stdout.write(HELP);
    return 0;
  }
  ctx.stdout.write(values.json ? `${JSON.stringify({ version: PEEL_VERSION })}\n` : `${PEEL_VERSION}\n`);
  return 0;
}

import { PEEL_VERSION } from '#lib';
import type { CliContext } from './context.ts';

export async function run(_args: string[], ctx: CliContext): Promise<number> {
  ctx.stdout.write(`${PEEL_VERSION}\n`);
  return 0;
}

import type { Command } from './context.ts';

/**
 * The subcommands of `peel`, loaded lazily so `peel features list` does not pay for the
 * proxy's dependencies. Each module exports `run(args, ctx)`.
 */
export const COMMANDS: Command[] = [
  { name: 'version', summary: 'print the Peel version', load: () => import('./version-command.ts') },
];

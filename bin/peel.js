#!/usr/bin/env node
// The `peel` executable. In a checkout with dev dependencies it runs the TypeScript
// sources through tsx, so there is no stale build to forget; in production (no tsx,
// or NODE_ENV=production) it runs the compiled JavaScript in dist/.
import { existsSync } from 'node:fs';

// Loading tsx and a command's modules takes about a second. A SIGTERM or SIGINT in that
// time would otherwise kill the process by the signal; nothing has started yet, so it
// ends start-up with exit code 0 instead. A command that handles signals itself takes
// over through lib's releaseStartUpSignals(); the others get the default behaviour back.
const onStartUpSignal = (signal) => {
  process.stderr.write(`peel: ${signal} during start-up; nothing was started, exiting\n`);
  process.exit(0);
};
process.on('SIGTERM', onStartUpSignal);
process.on('SIGINT', onStartUpSignal);
globalThis[Symbol.for('peel.releaseStartUpSignals')] = () => {
  process.off('SIGTERM', onStartUpSignal);
  process.off('SIGINT', onStartUpSignal);
};

const compiled = new URL('../dist/bin/cli.js', import.meta.url);
let useSources = process.env.NODE_ENV !== 'production';
if (useSources) {
  try {
    const { register } = await import('tsx/esm/api');
    register();
  } catch {
    useSources = false;
  }
}
if (!useSources && !existsSync(compiled)) {
  process.stderr.write('peel: dist/ is missing; run `npm run build` first\n');
  process.exit(1);
}
const { main } = await import(useSources ? './cli.ts' : compiled.href);
process.exitCode = await main(process.argv.slice(2));

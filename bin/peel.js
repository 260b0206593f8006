#!/usr/bin/env node
// The `peel` executable. In a checkout with dev dependencies it runs the TypeScript
// sources through tsx, so there is no stale build to forget; in production (no tsx,
// or NODE_ENV=production) it runs the compiled JavaScript in dist/.
import { existsSync } from 'node:fs';

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

// tap picks its test loaders when it starts, from the @tapjs/test build that npm installed,
// which loads @tapjs/typescript (ts-node). Our tap config drops that plugin for tsx, and tap
// rebuilds on noticing, but only for later runs: the first run after `npm ci` would still
// pay ts-node's start-up in every test process. So rebuild before that run, only when stale.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';

const built = new URL('../node_modules/@tapjs/test/test-built/dist/esm/index.js', import.meta.url);
if (existsSync(built) && readFileSync(built, 'utf8').includes('@tapjs/typescript')) {
  process.stderr.write('tap: building the test class with the configured plugins (once after install)\n');
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['tap', 'build'], { stdio: 'inherit' });
}

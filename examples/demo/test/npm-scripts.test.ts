import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';

const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', '..', 'package.json'), 'utf8')) as { scripts: Record<string, string> };

// Without exec, npm's `sh -c` gets the SIGTERM npm forwards and dies, and the demo's
// processes live on with no parent; with exec, node is npm's child and stops them.
t.test('the long-running demo scripts exec their process so npm\'s signals reach it', async (t) => {
  for (const name of ['start', 'demo:walkthrough']) t.match(pkg.scripts[name], /^exec /, name);
});

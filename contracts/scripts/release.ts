import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../src/generate.ts';
import { checkReleased, RELEASED_DIR, releasedPathOf } from '../src/released.ts';

// Records the schema of each event type not released yet; a released one is never overwritten.
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const read = (path: string) => (existsSync(join(root, path)) ? readFileSync(join(root, path), 'utf8') : undefined);
const { changed, unreleased } = checkReleased(read);
mkdirSync(join(root, RELEASED_DIR), { recursive: true });
const schemas = renderJsonSchemas();
for (const type of unreleased) writeFileSync(join(root, releasedPathOf(type)), schemas.get(`schemas/${type}.json`) as string);
console.log(unreleased.length > 0 ? `released ${unreleased.join(', ')}` : 'nothing new to release');
if (changed.length > 0) {
  console.error(`changed since release (add a new major version instead): ${changed.join(', ')}`);
  process.exitCode = 1;
}

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderAll } from '../src/generate.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const files = renderAll();
mkdirSync(join(root, 'schemas'), { recursive: true });
for (const name of readdirSync(join(root, 'schemas'))) {
  if (!files.has(`schemas/${name}`)) rmSync(join(root, 'schemas', name));
}
for (const [path, content] of files) writeFileSync(join(root, path), content);
console.log(`wrote ${files.size} files under contracts/`);

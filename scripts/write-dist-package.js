// dist/ gets its own package.json so the compiled files resolve `#contracts` and friends
// to compiled JavaScript, while the root package.json maps them to the TypeScript sources.
import { readFileSync, writeFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const imports = Object.fromEntries(Object.entries(pkg.imports).map(([key, target]) => [key, target.replace(/\.ts$/, '.js')]));
const dist = { name: `${pkg.name}-dist`, version: pkg.version, private: true, type: 'module', imports };
writeFileSync(new URL('../dist/package.json', import.meta.url), `${JSON.stringify(dist, null, 2)}\n`);

import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { findStaleOutputs, renderAll } from '#contracts/generate';

const contractsDir = join(import.meta.dirname, '..');
const read = (path: string): string | undefined => {
  const file = join(contractsDir, path);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
};
const checkedInSchemas = () => readdirSync(join(contractsDir, 'schemas')).map((name) => `schemas/${name}`);

t.test('checked-in JSON Schemas and contracts/README.md are up to date', async (t) => {
  const stale = findStaleOutputs(renderAll(), read, checkedInSchemas());
  t.same(stale, [], 'run `npm run contracts:generate` and commit the result');
});

t.test('the staleness check catches a stale, a missing and an orphan file', async (t) => {
  const expected = renderAll();
  const edited = (path: string) => (path === 'schemas/shop.user.registered.v1.json' ? '{}' : path === 'README.md' ? undefined : read(path));
  const stale = findStaleOutputs(expected, edited, [...checkedInSchemas(), 'schemas/shop.user.removed.v1.json']);
  t.same(stale, ['README.md', 'schemas/shop.user.registered.v1.json', 'schemas/shop.user.removed.v1.json']);
});

t.test('the README shows every event type with a valid example', async (t) => {
  const readme = read('README.md') ?? '';
  const { EVENT_TYPES, EVENT_EXAMPLES, validateEvent } = await import('#contracts');
  for (const type of EVENT_TYPES) {
    t.match(readme, `### \`${type}\``);
    t.ok(validateEvent(EVENT_EXAMPLES[type]).ok);
  }
});

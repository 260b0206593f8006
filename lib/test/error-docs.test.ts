import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { codesDefinedIn, codesDocumentedIn, findErrorFiles, findUndocumentedCodes } from '#lib/error-docs';

const root = join(import.meta.dirname, '..', '..');
const docs = readFileSync(join(root, 'docs', 'errors.md'), 'utf8');

t.test('every error code defined in an errors.ts is documented in docs/errors.md', async (t) => {
  const files = findErrorFiles(root);
  t.ok(files.length >= 2, `found the error files (${files.length})`);
  t.same(findUndocumentedCodes(root, files, docs), [], 'add a row to docs/errors.md for each code');
});

t.test('every documented code still exists', async (t) => {
  const defined = new Set(findErrorFiles(root).flatMap((f) => codesDefinedIn(readFileSync(f, 'utf8'))));
  t.same([...codesDocumentedIn(docs)].filter((c) => !defined.has(c)), [], 'remove rows for codes that are gone');
});

t.test('the check fails on an undocumented code', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'peel-errors-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'errors.ts');
  writeFileSync(file, "export const e = defineError<{ x: number }>('PEEL_TEST_UNDOCUMENTED', 500, () => 'x');\nexport const f = defineError('PEEL_CONFIG_INVALID', 1, () => 'y');\n");
  t.same(findUndocumentedCodes(dir, [file], docs), [{ code: 'PEEL_TEST_UNDOCUMENTED', file: 'errors.ts' }]);
});

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { stringify } from 'yaml';
import { loadFeaturesFile } from '../src/features-file.ts';
import { SAMPLE_TABLE_INPUT } from './feature-store-table.ts';

async function fileWith(t: Test, name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-features-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

t.test('loads JSON and YAML with the schema defaults', async (t) => {
  for (const [name, text] of [['features.json', JSON.stringify(SAMPLE_TABLE_INPUT)], ['features.yaml', stringify(SAMPLE_TABLE_INPUT)], ['features.conf', stringify(SAMPLE_TABLE_INPUT)]] as const) {
    const table = await loadFeaturesFile(await fileWith(t, name, text));
    t.equal(table.features.length, 3, name);
    t.match(table.features[0], { owner: 'legacy', mode: 'legacy', percent: 0, sticky: { kind: 'client-address' } }, name);
  }
});

t.test('an invalid file names the file and every bad field with what was expected', async (t) => {
  const yaml = `
upstreams:
  legacy: { urls: ["http://127.0.0.1:3000"], poolSize: 0 }
features:
  - name: products-read
    match: { methods: [GET], paths: ["/api/products/../admin"] }
    owner: billing
    mode: service
  - name: Bad_Name
    match: { methods: [FETCH], paths: ["/x"] }
    percent: 150
    shadow: true
`;
  const path = await fileWith(t, 'features.yaml', yaml);
  const err = await loadFeaturesFile(path).then(
    () => undefined,
    (e: unknown) => e as { code: string; message: string; details: { file: string; issues: Array<{ path: string; expected: string }> } },
  );
  t.equal(err?.code, 'PEEL_PROXY_FEATURES_FILE_INVALID');
  t.equal(err?.details.file, path);
  t.match(err?.message, path);
  const paths = err?.details.issues.map((i) => i.path) ?? [];
  for (const field of ['upstreams.legacy.poolSize', 'features[0].match.paths[0]', 'features[0].owner', 'features[1].name', 'features[1].match.methods[0]', 'features[1].percent', 'features[1]']) {
    t.ok(paths.includes(field), `names ${field}`);
    t.match(err?.message, `${field}: `);
  }
  t.match(err?.message, 'features[0].owner: owner billing has no upstream');
  t.match(err?.message, 'features[1].percent: expected number <= 100');
  t.match(err?.message, 'features[1]: expected no keys shadow');
});

t.test('unreadable or unparsable files are the same coded error', async (t) => {
  await t.rejects(loadFeaturesFile('/nonexistent/features.yaml'), { code: 'PEEL_PROXY_FEATURES_FILE_INVALID', message: /\/nonexistent\/features\.yaml.*does not exist/ });
  await t.rejects(loadFeaturesFile(await fileWith(t, 'f.json', '{"upstreams": {')), { code: 'PEEL_PROXY_FEATURES_FILE_INVALID', message: /f\.json: \(file\): expected valid JSON/ });
  await t.rejects(loadFeaturesFile(await fileWith(t, 'f.yaml', 'upstreams: [unclosed')), { code: 'PEEL_PROXY_FEATURES_FILE_INVALID', message: /expected valid YAML/ });
});

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FeatureTable } from '#contracts';
import { describeIssues, type FieldIssue } from '#lib';
import { proxyErrors } from './errors.ts';

/**
 * Reads the declarative starting feature table, JSON or YAML (by extension; YAML, a superset
 * of JSON, otherwise). Any problem is one error naming the file and every bad field.
 */
export async function loadFeaturesFile(path: string): Promise<FeatureTable> {
  const raw = parseText(path, await readText(path));
  const result = FeatureTable.safeParse(raw);
  if (!result.success) throw proxyErrors.featuresFileInvalid({ file: path, issues: describeIssues(result.error) });
  return result.data;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    const problem = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (err as Error).message;
    throw proxyErrors.featuresFileInvalid({ file: path, issues: [rootIssue('a readable file', problem)] }, { cause: err });
  }
}

function parseText(path: string, text: string): unknown {
  const json = extname(path).toLowerCase() === '.json';
  try {
    return json ? JSON.parse(text) : parseYaml(text, { prettyErrors: true });
  } catch (err) {
    const problem = (err as Error).message.split('\n')[0] ?? 'unparsable';
    throw proxyErrors.featuresFileInvalid({ file: path, issues: [rootIssue(json ? 'valid JSON' : 'valid YAML', problem)] }, { cause: err });
  }
}

function rootIssue(expected: string, problem: string): FieldIssue {
  return { path: '(file)', expected: `${expected}; ${problem}`, message: problem };
}

import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FeatureTable } from '#contracts';
import { describeIssues, type FieldIssue } from '#lib';
import { proxyErrors } from './errors.ts';

export interface FeaturesFileOptions {
  /** LEGACY_URL: the legacy upstream's only URL, whatever the file says; its other settings still apply. */
  legacyUrl?: string | undefined;
}

/**
 * Reads the declarative starting feature table, JSON or YAML (by extension; YAML, a superset
 * of JSON, otherwise). Any problem is one error naming the file and every bad field.
 */
export async function loadFeaturesFile(path: string, options: FeaturesFileOptions = {}): Promise<FeatureTable> {
  const raw = withLegacyUrl(parseText(path, await readText(path)), options.legacyUrl);
  const result = FeatureTable.safeParse(raw);
  if (!result.success) throw proxyErrors.featuresFileInvalid({ file: path, issues: describeIssues(result.error) });
  return result.data;
}

function withLegacyUrl(raw: unknown, legacyUrl: string | undefined): unknown {
  // Anything but an object is left for the schema to reject.
  if (legacyUrl === undefined || !isRecord(raw)) return raw;
  const upstreams = raw.upstreams ?? {};
  if (!isRecord(upstreams)) return raw;
  const legacy = isRecord(upstreams.legacy) ? upstreams.legacy : {};
  return { ...raw, upstreams: { ...upstreams, legacy: { ...legacy, urls: [legacyUrl] } } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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

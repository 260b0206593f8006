import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { FeatureTableInput } from '#contracts';

export interface DemoUpstreams {
  legacy: string;
  catalog: string;
  notifications: string;
}

const COMPOSE_FEATURES = new URL('../../compose/features.yaml', import.meta.url);

/**
 * The demo's starting feature table: the one docker-compose uses (every feature owned by
 * legacy), with the upstreams pointed at the given local URLs.
 */
export function demoFeatureTable(urls: DemoUpstreams): FeatureTableInput {
  const table = parse(readFileSync(COMPOSE_FEATURES, 'utf8')) as FeatureTableInput;
  for (const [name, url] of Object.entries(urls)) {
    const upstream = table.upstreams[name];
    if (!upstream) throw new Error(`examples/compose/features.yaml has no upstream ${name}`);
    upstream.urls = [url];
    if (upstream.readyzUrl) upstream.readyzUrl = `${url}/readyz`;
  }
  return table;
}

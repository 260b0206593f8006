import { readFileSync } from 'node:fs';

function findVersion(): string {
  // Works from the sources and from dist/, which sit at different depths.
  for (const rel of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'peel' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return '0.0.0';
}

export const PEEL_VERSION = findVersion();

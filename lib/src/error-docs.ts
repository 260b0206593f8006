import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DEFINE_PATTERN = /defineError(?:<[^>]*>)?\(\s*'(PEEL_[A-Z0-9_]+)'/g;
const SKIP = new Set(['node_modules', 'dist', '.git', 'test']);

/** Every error file of the project: `errors.ts` under any component's src/. */
export function findErrorFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (SKIP.has(name) || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name === 'errors.ts') found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** The codes a source text defines with `defineError('PEEL_…'`. */
export function codesDefinedIn(source: string): string[] {
  return [...source.matchAll(DEFINE_PATTERN)].map((m) => m[1] as string);
}

/** The codes docs/errors.md documents: the first cell of each table row. */
export function codesDocumentedIn(markdown: string): Set<string> {
  const codes = new Set<string>();
  for (const line of markdown.split('\n')) {
    const match = /^\|\s*`(PEEL_[A-Z0-9_]+)`\s*\|/.exec(line);
    if (match) codes.add(match[1] as string);
  }
  return codes;
}

export interface UndocumentedCode {
  code: string;
  file: string;
}

export function findUndocumentedCodes(root: string, files: string[], markdown: string): UndocumentedCode[] {
  const documented = codesDocumentedIn(markdown);
  return files.flatMap((file) =>
    codesDefinedIn(readFileSync(file, 'utf8'))
      .filter((code) => !documented.has(code))
      .map((code) => ({ code, file: relative(root, file) })),
  );
}

import type { Document } from 'bson';
import { isPlain } from '../bson-values.ts';

/** Sets a dotted path, creating objects on the way (for upsert seeds). */
export function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split('.');
  let node: Document = doc;
  for (const part of parts.slice(0, -1)) {
    if (!isPlain(node[part])) node[part] = {};
    node = node[part] as Document;
  }
  node[parts[parts.length - 1] as string] = value;
}

/** The value at a dotted path without descending into arrays by field name. */
export function getPath(doc: unknown, path: string): unknown {
  let node: unknown = doc;
  for (const part of path.split('.')) {
    if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else if (isPlain(node)) node = node[part];
    else return undefined;
  }
  return node;
}

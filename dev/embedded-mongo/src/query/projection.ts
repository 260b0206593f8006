import type { Document } from 'bson';
import { find } from 'mingo';
import { MINGO_OPTIONS, queryError } from './filter.ts';

/** Applies a find projection to stored documents (on their exact BSON values). */
export function project(docs: Document[], projection: Document | undefined): Document[] {
  if (!projection || Object.keys(projection).length === 0 || docs.length === 0) return docs;
  try {
    return find(docs, {}, projection, MINGO_OPTIONS).all() as Document[];
  } catch (err) {
    throw queryError(err);
  }
}

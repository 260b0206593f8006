import { EVENT_DEFINITIONS } from './registry.ts';
import { renderJsonSchemas } from './generate.ts';

/** Where the JSON Schema of each event type is kept as it was when the type was released. */
export const RELEASED_DIR = 'released';

export interface ReleaseCheck {
  /** Types whose schema differs from the released one: a breaking change to a published version. */
  changed: string[];
  /** Types with no released schema yet (new ones): `npm run contracts:release` records them. */
  unreleased: string[];
}

/**
 * Compares each event type's schema with its released copy. Event schemas are strict
 * (no additional properties), so any change, even one optional field more, would make a
 * consumer of the released version refuse the new events: a change is a new major version.
 */
export function checkReleased(read: (path: string) => string | undefined): ReleaseCheck {
  const current = renderJsonSchemas();
  const check: ReleaseCheck = { changed: [], unreleased: [] };
  for (const { type } of EVENT_DEFINITIONS) {
    const released = read(releasedPathOf(type));
    if (released === undefined) check.unreleased.push(type);
    else if (released !== current.get(`schemas/${type}.json`)) check.changed.push(type);
  }
  return check;
}

export function releasedPathOf(type: string): string {
  return `${RELEASED_DIR}/${type}.json`;
}

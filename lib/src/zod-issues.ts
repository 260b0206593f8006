import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, `(root)` for the value itself. */
  path: string;
  /** What was expected there, in words. */
  expected: string;
  message: string;
  /** What the user sets to change it (`MONGODB_URL`, `PEEL_FEATURES_FILE or --features`), when known. */
  setBy?: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

/** `setBy` maps config paths to what sets them; a field inside a mapped path (`trustedProxies[2]`) is named by it too. */
export function describeIssues(error: z.ZodError, setBy: Readonly<Record<string, string>> = {}): FieldIssue[] {
  return error.issues.map((issue) => withSetBy({ path: formatPath(issue.path), expected: expectedOf(issue), message: issue.message }, setBy));
}

function withSetBy(issue: FieldIssue, setBy: Readonly<Record<string, string>>): FieldIssue {
  const key = Object.keys(setBy).find((k) => issue.path === k || issue.path.startsWith(`${k}.`) || issue.path.startsWith(`${k}[`));
  return key === undefined ? issue : { ...issue, setBy: setBy[key] as string };
}

export function issuesToText(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.setBy ? `${i.setBy} (${i.path})` : i.path}: ${i.message}`).join('; ');
}

function expectedOf(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_small':
      return `${issue.origin} ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    case 'too_big':
      return `${issue.origin} ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format;
    case 'unrecognized_keys':
      return `no keys ${issue.keys.join(', ')}`;
    case 'invalid_union':
      return 'one of the allowed shapes';
    default:
      return issue.message;
  }
}

import type { z } from 'zod';

export interface FieldIssue {
  /** Dotted path of the offending field, `(root)` for the value itself. */
  path: string;
  /** What was expected there, in words. */
  expected: string;
  message: string;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  if (path.length === 0) return '(root)';
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

export function describeIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: formatPath(issue.path), expected: expectedOf(issue), message: issue.message }));
}

export function issuesToText(issues: FieldIssue[]): string {
  return issues.map((i) => `${i.path}: ${i.message}`).join('; ');
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

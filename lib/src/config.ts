import type { z } from 'zod';
import { libErrors } from './errors.ts';
import { describeIssues } from './zod-issues.ts';

/**
 * Parses a process's configuration once, at start: defaults come from the schema, env
 * strings are coerced by it, and every bad field is named in one error, by the variable or
 * flag that sets it when `setBy` (config path → name, e.g. an env mapping) knows it. The
 * result is frozen so nothing can change it later.
 */
export function parseConfig<S extends z.ZodType>(schema: S, raw: unknown, origin: string, setBy: Readonly<Record<string, string>> = {}): Readonly<z.output<S>> {
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = describeIssues(result.error, setBy);
    throw libErrors.configInvalid({ origin, issues });
  }
  return deepFreeze(result.data);
}

/**
 * `setBy` for parseConfig where a command's flags set some fields too: each flagged field
 * is named `VARIABLE or --flag` (`PROXY_PORT or --port`), the rest by their variable.
 */
export function setByEnvAndFlags(env: Readonly<Record<string, string>>, flags: Readonly<Record<string, string>>): Record<string, string> {
  const named = Object.entries(flags).map(([path, flag]) => [path, env[path] === undefined ? flag : `${env[path]} or ${flag}`]);
  return { ...env, ...Object.fromEntries(named) };
}

/** Builds a nested object from env vars: `{ 'listen.port': 'PORT' }` reads PORT into listen.port. */
export function envToObject(env: NodeJS.ProcessEnv, mapping: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [path, name] of Object.entries(mapping)) {
    const value = env[name];
    // Empty or blank means unset, as in most shells' habits: never a coerced 0 (" " would be port 0, a random one).
    if (value === undefined || value.trim() === '') continue;
    setPath(out, path.split('.'), value);
  }
  return out;
}

/** Deep merge of plain objects; later sources win; arrays are replaced, not merged. */
export function mergeConfig(...sources: Array<Record<string, unknown> | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const source of sources) {
    if (!source) continue;
    for (const [key, value] of Object.entries(source)) {
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? mergeConfig(current, value) : value;
    }
  }
  return out;
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

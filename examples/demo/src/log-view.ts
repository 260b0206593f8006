import type { ChildLine } from './peel-child.ts';

const LEVEL_NUMBERS: Record<string, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };
const HIDDEN = new Set(['level', 'time', 'service', 'version', 'pid', 'hostname', 'msg']);

function levelOf(entry: Record<string, unknown>): number {
  const level = entry.level;
  return typeof level === 'number' ? level : (LEVEL_NUMBERS[String(level)] ?? 30);
}

/** Progress lines of the proxy and adapter, and every warning or error of any process. */
export function isWorthShowing(line: ChildLine): boolean {
  if (!line.entry) return line.text.trim().length > 0;
  const msg = String(line.entry.msg ?? '');
  return levelOf(line.entry) >= 40 || msg.startsWith('progress') || msg === 'adapter stats' || msg.startsWith('listening') || msg === 'server listening';
}

/** One compact human line: `[proxy] progress feature=products-read share=0.5 …`. */
export function formatLine(line: ChildLine): string {
  if (!line.entry) return `[${line.process}] ${line.text}`;
  const fields = Object.entries(line.entry)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
    .join(' ');
  const level = levelOf(line.entry) >= 40 ? ` ${String(line.entry.level).toUpperCase()}` : '';
  return `[${line.process}]${level} ${String(line.entry.msg ?? '')} ${fields}`.trimEnd();
}

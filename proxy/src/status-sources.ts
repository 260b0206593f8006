import { AdapterStatus } from '#contracts';
import type { AdminClient } from './features-cli-client.ts';
import type { ProgressReport } from './observe/progress-report.ts';

export const DEFAULT_ADAPTER_URL = 'http://127.0.0.1:8090';
const ADAPTER_TIMEOUT_MS = 3_000;

/** What one part of the system answered, or why it could not be read. */
export type PartReading<T> = { ok: true; url: string; value: T } | { ok: false; url: string; problem: string; code?: string };

/** The proxy's `GET /progress`; any failure (refused, timeout, wrong token) becomes a reading, not a throw. */
export async function readProxy(client: AdminClient, adminUrl: string): Promise<PartReading<ProgressReport>> {
  try {
    return { ok: true, url: adminUrl, value: await client.get<ProgressReport>('/progress') };
  } catch (err) {
    const { message, code } = err as { message: string; code?: unknown };
    return { ok: false, url: adminUrl, problem: message, ...(typeof code === 'string' ? { code } : {}) };
  }
}

/** The adapter's `GET /status`, validated against the AdapterStatus contract. */
export async function readAdapter(adapterUrl: string): Promise<PartReading<AdapterStatus>> {
  const url = new URL('/status', adapterUrl).href;
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(ADAPTER_TIMEOUT_MS) });
    const text = await response.text();
    if (!response.ok) return { ok: false, url: adapterUrl, problem: `HTTP ${response.status} from ${url}` };
    const parsed = AdapterStatus.safeParse(parseJson(text));
    if (!parsed.success) return { ok: false, url: adapterUrl, problem: `${url} did not answer an adapter status: ${parsed.error.issues[0]?.message ?? 'invalid'}` };
    return { ok: true, url: adapterUrl, value: parsed.data };
  } catch (err) {
    return { ok: false, url: adapterUrl, problem: describeFetchError(err) };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function describeFetchError(err: unknown): string {
  if ((err as Error).name === 'TimeoutError') return `no answer within ${ADAPTER_TIMEOUT_MS} ms`;
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err as Error).message;
}

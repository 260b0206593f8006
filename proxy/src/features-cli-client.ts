import { PeelError } from '#lib';
import { proxyErrors } from './errors.ts';

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8081';
const REQUEST_TIMEOUT_MS = 10_000;

export interface AdminClientOptions {
  adminUrl: string;
  token: string | undefined;
  actor: string | undefined;
}

/** Calls the admin API; a coded error body comes back as a PeelError with the server's code. */
export class AdminClient {
  readonly #options: AdminClientOptions;

  constructor(options: AdminClientOptions) {
    this.#options = options;
  }

  get<T>(path: string): Promise<T> {
    return this.#call<T>('GET', path);
  }

  /** `ifVersion`: apply only at that config version (If-Match), else the server answers 412. */
  put<T>(path: string, body: unknown, ifVersion?: number): Promise<T> {
    return this.#call<T>('PUT', path, body, ifVersion);
  }

  post<T>(path: string, body: unknown, ifVersion?: number): Promise<T> {
    return this.#call<T>('POST', path, body, ifVersion);
  }

  async #call<T>(method: string, path: string, body?: unknown, ifVersion?: number): Promise<T> {
    const url = new URL(path, this.#options.adminUrl).href;
    const headers = this.#headers(body !== undefined);
    if (ifVersion !== undefined) headers['if-match'] = `"${ifVersion}"`;
    let response: Response;
    try {
      response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (err) {
      throw proxyErrors.adminUnreachable({ url: this.#options.adminUrl, problem: describeFetchError(err) }, { cause: err });
    }
    const payload = await readJson(response);
    if (response.ok) return payload as T;
    throw asPeelError(response.status, payload);
  }

  #headers(hasBody: boolean): Record<string, string> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (hasBody) headers['content-type'] = 'application/json';
    if (this.#options.token) headers.authorization = `Bearer ${this.#options.token}`;
    if (this.#options.actor) headers['x-peel-actor'] = this.#options.actor;
    return headers;
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

function asPeelError(status: number, payload: unknown): PeelError {
  const body = (typeof payload === 'object' && payload !== null ? payload : {}) as { code?: unknown; message?: unknown; details?: unknown };
  const message = typeof body.message === 'string' && body.message !== '' ? body.message : `HTTP ${status}`;
  if (typeof body.code === 'string' && body.code.startsWith('PEEL_')) return new PeelError(body.code, message, { statusCode: status, details: body.details });
  return proxyErrors.adminFailed({ problem: `HTTP ${status}: ${message}` });
}

function describeFetchError(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return cause.code;
  if ((err as Error).name === 'TimeoutError') return `no answer within ${REQUEST_TIMEOUT_MS} ms`;
  return cause?.message ?? (err as Error).message;
}

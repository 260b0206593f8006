/**
 * A command failure as MongoDB reports it: `{ ok: 0, errmsg, code, codeName }`, plus
 * `errorLabels` where MongoDB sets them (e.g. `NonResumableChangeStreamError`).
 */
export class MongoCommandError extends Error {
  override readonly name = 'MongoCommandError';
  readonly code: number;
  readonly codeName: string;
  readonly errorLabels: string[];
  readonly extra: Record<string, unknown>;

  constructor(code: number, codeName: string, errmsg: string, options: { errorLabels?: string[]; extra?: Record<string, unknown> } = {}) {
    super(errmsg);
    this.code = code;
    this.codeName = codeName;
    this.errorLabels = options.errorLabels ?? [];
    this.extra = options.extra ?? {};
  }

  toReply(): Record<string, unknown> {
    return {
      ok: 0,
      errmsg: this.message,
      code: this.code,
      codeName: this.codeName,
      ...(this.errorLabels.length > 0 ? { errorLabels: this.errorLabels } : {}),
      ...this.extra,
    };
  }
}

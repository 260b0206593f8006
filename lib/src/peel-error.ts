/**
 * The one error type of Peel. Every error a component raises on purpose carries a
 * stable `code` (`PEEL_<AREA>_<PROBLEM>`), an HTTP status where one applies, structured
 * `details` for logs, and the original error as `cause`.
 */
export class PeelError<D = unknown> extends Error {
  override readonly name = 'PeelError';
  readonly code: string;
  readonly statusCode: number | undefined;
  readonly details: D;

  constructor(code: string, message: string, options: { statusCode?: number; details: D; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.statusCode = options.statusCode;
    this.details = options.details;
  }

  toJSON(): { code: string; message: string; details: D } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export interface ErrorFactory<D> {
  (details: D, options?: { cause?: unknown }): PeelError<D>;
  readonly code: string;
  readonly statusCode: number | undefined;
}

const CODE_PATTERN = /^PEEL_[A-Z][A-Z0-9]*_[A-Z][A-Z0-9_]*$/;

/**
 * Declares one error. Components list theirs in their own `errors.ts`; the docs test
 * reads those files, so every `defineError('PEEL_…'` must have a row in docs/errors.md.
 */
export function defineError<D = void>(
  code: string,
  statusCode: number | undefined,
  message: (details: D) => string,
): ErrorFactory<D> {
  if (!CODE_PATTERN.test(code)) throw new TypeError(`error code ${code} does not match PEEL_<AREA>_<PROBLEM>`);
  const factory = (details: D, options: { cause?: unknown } = {}): PeelError<D> =>
    new PeelError(code, message(details), { statusCode, details, cause: options.cause });
  return Object.assign(factory, { code, statusCode }) as ErrorFactory<D>;
}

/** Cross-component checks branch on the code, never on `instanceof`. */
export function hasCode(err: unknown, code: string | { code: string }): boolean {
  const wanted = typeof code === 'string' ? code : code.code;
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === wanted;
}

export { CODE_PATTERN as ERROR_CODE_PATTERN };

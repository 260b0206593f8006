/**
 * The request-target policy of the proxy. Ownership is decided on the canonical path and
 * exactly that path is forwarded, so nothing an upstream might decode differently from us
 * is let through: such targets are refused before routing.
 *
 * Policy (documented in proxy/README.md):
 * - only origin-form targets (`/path?query`); absolute-form, authority-form and `*` are refused;
 * - refused in the path: `%2F`, `%5C`, `%2E`, `%25` (double encoding) and encoded control
 *   bytes in any case, raw `\`, `;`, `.` and `..` segments, repeated slashes, control bytes,
 *   non-ASCII bytes and characters RFC 3986 does not allow in a path;
 * - refused anywhere: a fragment (`#`) and control bytes;
 * - percent-encoded unreserved characters (`%41` → `A`) are decoded and other encodings are
 *   upper-cased, so `/api/%70roducts` is routed and forwarded as `/api/products`;
 * - a single trailing slash is kept and forwarded; the matcher treats `/a/` like `/a`.
 */
export interface CanonicalTarget {
  /** The canonical path: routed on and forwarded as is. */
  readonly path: string;
  /** The query string including its leading `?`, or ''. Forwarded unchanged. */
  readonly query: string;
}

export type TargetCheck = CanonicalTarget | { readonly refused: string };

const PATH_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,=:@/") PATH_CHAR[c.charCodeAt(0)] = 1;

const UNRESERVED = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~') UNRESERVED[c.charCodeAt(0)] = 1;

const REFUSED_ENCODING: Record<number, string> = {
  0x2f: 'encoded slash (%2F)',
  0x5c: 'encoded backslash (%5C)',
  0x2e: 'encoded dot (%2E)',
  0x25: 'double encoding (%25)',
};

const DOT_SEGMENT = /(?:^|\/)\.\.?(?:\/|$)/;

export function canonicalTarget(target: string): TargetCheck {
  if (target.charCodeAt(0) !== 0x2f) return { refused: 'expected an origin-form target starting with /' };
  const queryAt = target.indexOf('?');
  const rawPath = queryAt === -1 ? target : target.slice(0, queryAt);
  const query = queryAt === -1 ? '' : target.slice(queryAt);
  const path = canonicalPath(rawPath);
  if (typeof path !== 'string') return path;
  if (path.includes('//')) return { refused: 'repeated slashes' };
  if (DOT_SEGMENT.test(path)) return { refused: 'dot segment' };
  const badQuery = checkQuery(query);
  if (badQuery) return { refused: badQuery };
  return { path, query };
}

function canonicalPath(raw: string): string | { refused: string } {
  let out: string | undefined;
  let copiedTo = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 0x25) {
      const value = decodeHexPair(raw, i + 1);
      if (value < 0) return { refused: 'malformed percent-encoding' };
      const refused = refusedEncoding(value);
      if (refused) return { refused };
      const replacement = UNRESERVED[value] ? String.fromCharCode(value) : `%${raw.slice(i + 1, i + 3).toUpperCase()}`;
      if (replacement !== raw.slice(i, i + 3)) {
        out = (out ?? '') + raw.slice(copiedTo, i) + replacement;
        copiedTo = i + 3;
      }
      i += 2;
      continue;
    }
    if (c >= 128 || PATH_CHAR[c] !== 1) return { refused: describeChar(c) };
  }
  return out === undefined ? raw : out + raw.slice(copiedTo);
}

function refusedEncoding(value: number): string | undefined {
  if (value < 0x20 || value === 0x7f) return 'encoded control byte';
  return REFUSED_ENCODING[value];
}

function decodeHexPair(s: string, at: number): number {
  const hi = hexValue(s.charCodeAt(at));
  const lo = hexValue(s.charCodeAt(at + 1));
  return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

function describeChar(c: number): string {
  if (c === 0x5c) return 'backslash';
  if (c === 0x3b) return 'path parameter (;)';
  if (c === 0x23) return 'fragment (#)';
  if (c < 0x21 || c === 0x7f) return 'control byte or space';
  if (c >= 128) return 'non-ASCII byte';
  return `character ${JSON.stringify(String.fromCharCode(c))} not allowed in a path`;
}

function checkQuery(query: string): string | undefined {
  for (let i = 0; i < query.length; i++) {
    const c = query.charCodeAt(i);
    if (c === 0x23) return 'fragment (#)';
    if (c < 0x20 || c === 0x7f) return 'control byte in the query';
  }
  return undefined;
}

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1), plus
 * `proxy-authorization`, which is meant for us. Never passed on in either direction.
 */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

export function isHopByHop(name: string): boolean {
  return HOP_BY_HOP.has(name);
}

/**
 * The names a `Connection` header lists. A client may name any header there; honouring
 * the list is what RFC 9110 asks, and we apply it only after adding our own headers so a
 * client cannot use it to strip X-Forwarded-For or X-Request-Id.
 */
export function connectionListed(value: string | string[] | undefined): Set<string> | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value.join(',') : value;
  const names = new Set<string>();
  for (const token of text.split(',')) {
    const name = token.trim().toLowerCase();
    if (name && name !== 'close' && name !== 'keep-alive') names.add(name);
  }
  return names.size === 0 ? undefined : names;
}

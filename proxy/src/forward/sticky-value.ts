import type { IncomingHttpHeaders } from 'node:http';
import type { Feature } from '#contracts';

type StickyKey = Feature['sticky'];

/**
 * The value a canary split hashes for one request. A missing header or cookie falls back
 * to the client address, so those users are still split evenly and stay put.
 */
export function stickyValue(key: StickyKey, headers: IncomingHttpHeaders, clientAddress: () => string): string {
  if (key.kind === 'header') {
    const value = headers[key.name];
    const text = Array.isArray(value) ? value[0] : value;
    return text || clientAddress();
  }
  if (key.kind === 'cookie') return cookieValue(headers.cookie, key.name) || clientAddress();
  return clientAddress();
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const pair of header.split(';')) {
    const at = pair.indexOf('=');
    if (at !== -1 && pair.slice(0, at).trim() === name) return pair.slice(at + 1).trim();
  }
  return undefined;
}

import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import { proxyErrors } from './errors.ts';

/**
 * True when `authorization` is `Bearer <token>`. Both sides are hashed first so the
 * comparison is constant-time and of fixed length, leaking neither the token nor its length.
 * Without a configured token nothing is authorized.
 */
export function isAdminAuthorized(authorization: string | undefined, token: string | undefined): boolean {
  if (!token || !authorization) return false;
  const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
  if (!match) return false;
  return timingSafeEqual(digest(match[1] as string), digest(token));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Refuses an admin listener reachable from other machines when no token protects it. */
export function assertAdminListenSafe(host: string, token: string | undefined): void {
  if (!token && !isLoopback(host)) throw proxyErrors.adminTokenRequired({ host });
}

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  return bare.startsWith('::ffff:127.');
}

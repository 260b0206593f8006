import type { IncomingMessage } from 'node:http';

/**
 * The largest request body kept in memory so an idempotent request can be replayed on
 * legacy. Larger (or unannounced, chunked) bodies are streamed and never replayed.
 */
export const REPLAY_BODY_MAX_BYTES = 64 * 1024;

/** What a forwarding attempt sends as the request body. */
export type RequestBody = 'stream' | Buffer | null;

/** 'none' (no body), 'small' (announced and at most the cap), or 'stream'. */
export function bodyKind(req: IncomingMessage): 'none' | 'small' | 'stream' {
  if (req.headers['transfer-encoding'] !== undefined) return 'stream';
  const length = req.headers['content-length'];
  if (length === undefined || length === '0') return 'none';
  return Number(length) <= REPLAY_BODY_MAX_BYTES ? 'small' : 'stream';
}

/** Reads an announced small body; rejects when the client goes away first. */
export function readSmallBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(new Error('client closed the connection during the request body'));
    });
  });
}

import t from 'tap';
import { request } from 'undici';
import { waitFor } from '#lib';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxy, table } from './helpers/test-proxy.ts';

const MB = 1024 * 1024;
const TOTAL_BYTES = 256 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);
/**
 * How far the upstream may get ahead of a client that reads nothing: the socket buffers
 * on the way (client receive, proxy send, proxy receive, upstream send, each a few MB on
 * loopback) plus a few chunks in the streams. A proxy that keeps reading while the client
 * cannot take more lets the upstream write the whole body.
 */
const AHEAD_LIMIT_BYTES = 64 * MB;
/** Event-loop turns (waitFor polls) in a row with the upstream blocked and no byte accepted. */
const STALLED_POLLS = 25;

t.test('a client that stops reading stops the upstream: the proxy does not buffer the download', async (t) => {
  let written = 0;
  let blocked = false;
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(TOTAL_BYTES) });
    const pump = (): void => {
      blocked = false;
      while (written < TOTAL_BYTES) {
        written += CHUNK.length;
        if (!res.write(CHUNK)) {
          blocked = true;
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
  });
  const proxy = await startProxy(t, table({ legacy: legacy.url }, []));

  // The body is not read yet: undici stops reading the client socket once its stream buffer is full.
  const res = await request(`${proxy.url}/download`);
  t.equal(res.statusCode, 200);
  let lastWritten = -1;
  let stillPolls = 0;
  await waitFor(
    'the upstream to stall (or to write the whole body)',
    () => {
      if (written >= TOTAL_BYTES) return true;
      stillPolls = blocked && written === lastWritten ? stillPolls + 1 : 0;
      lastWritten = written;
      return stillPolls >= STALLED_POLLS;
    },
    { timeoutMs: 30_000 },
  );
  t.comment(`upstream wrote ${(written / MB).toFixed(1)} MB while the client read nothing`);
  t.ok(written < AHEAD_LIMIT_BYTES, `the upstream got ${(written / MB).toFixed(1)} MB ahead of the client (< ${AHEAD_LIMIT_BYTES / MB} MB)`);

  let received = 0;
  for await (const chunk of res.body) received += (chunk as Buffer).length;
  t.equal(received, TOTAL_BYTES, 'once the client reads again, the whole body arrives');
  await waitFor('request log', () => proxy.requestLogs().find((l) => l.status === 200));
});

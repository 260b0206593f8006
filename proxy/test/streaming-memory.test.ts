import t from 'tap';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { startUpstream } from './helpers/echo-upstream.ts';
import { startProxyProcess } from './helpers/proxy-process.ts';

const MB = 1024 * 1024;
const TOTAL_BYTES = 200 * MB;
const CHUNK = Buffer.alloc(64 * 1024, 0x61);

function generated(bytes: number): Readable {
  let left = bytes;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const chunk = left >= CHUNK.length ? CHUNK : CHUNK.subarray(0, left);
      left -= chunk.length;
      this.push(chunk);
    },
  });
}

function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

t.test('a 200 MB upload and a 200 MB download stream through the proxy in bounded memory', async (t) => {
  const legacy = await startUpstream(t, 'legacy', (req, res) => {
    if (req.method === 'POST') {
      let received = 0;
      req.on('data', (chunk: Buffer) => (received += chunk.length));
      req.on('end', () => res.end(String(received)));
      return;
    }
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('bytes'));
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    generated(size).pipe(res);
  });
  const proxy = await startProxyProcess(t, { upstreams: { legacy: { urls: [legacy.url] } }, features: [] });
  const pid = proxy.child.pid as number;

  const upload = async (bytes: number): Promise<string> => {
    const res = await request(`${proxy.url}/upload`, { method: 'POST', body: generated(bytes), headers: { 'content-type': 'application/octet-stream' } });
    return res.body.text();
  };
  const download = async (bytes: number): Promise<number> => {
    const res = await request(`${proxy.url}/download?bytes=${bytes}`);
    let received = 0;
    for await (const chunk of res.body) received += (chunk as Buffer).length;
    return received;
  };

  // Warm up (JIT, socket buffers, the young generation reaching its working size) so the
  // baseline is the proxy's steady state; growth that scaled with the payload would show.
  await upload(32 * MB);
  await download(32 * MB);
  const baseline = rssBytes(pid);
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 25);
  t.teardown(() => clearInterval(sampler));

  t.equal(await upload(TOTAL_BYTES), String(TOTAL_BYTES), 'the upstream received every uploaded byte');
  t.equal(await download(TOTAL_BYTES), TOTAL_BYTES, 'the client received every downloaded byte');
  clearInterval(sampler);
  peak = Math.max(peak, rssBytes(pid));
  const growthMb = (peak - baseline) / MB;
  t.comment(`proxy RSS baseline ${(baseline / MB).toFixed(1)} MB, peak ${(peak / MB).toFixed(1)} MB, growth ${growthMb.toFixed(1)} MB`);
  t.ok(growthMb < 50, `proxy memory growth ${growthMb.toFixed(1)} MB < 50 MB`);
});

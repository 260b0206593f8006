import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '#demo';
import { waitFor } from '#lib';
import { stop, type Child } from './child.ts';

function nginxPath(): string | undefined {
  for (const candidate of ['nginx', '/usr/sbin/nginx']) {
    try {
      execFileSync(candidate, ['-v'], { stdio: 'ignore' });
      return candidate;
    } catch {
      // not this one
    }
  }
  return undefined;
}

/**
 * nginx as a child with a temporary config equivalent to Peel's setup: one worker (Node is
 * one thread too), HTTP/1.1 keep-alive to the upstream, an access log line per request
 * written to a file through a buffer. Undefined when nginx is not installed.
 */
export async function startNginx(upstreamPort: number): Promise<Child | undefined> {
  const binary = nginxPath();
  if (!binary) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'peel-bench-nginx-'));
  mkdirSync(join(dir, 'temp'));
  const port = await freePort();
  const user = process.getuid?.() === 0 ? 'user root;' : '';
  writeFileSync(
    join(dir, 'nginx.conf'),
    `${user}
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log ${dir}/access.log combined buffer=64k;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  keepalive_requests 100000;
  upstream backend { server 127.0.0.1:${upstreamPort}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`,
  );
  const child = spawn(binary, ['-c', join(dir, 'nginx.conf'), '-p', dir], { stdio: ['ignore', 'ignore', 'inherit'] });
  await waitFor('nginx to listen', () => fetch(`http://127.0.0.1:${port}/`).then((r) => r.ok, () => false), { timeoutMs: 10_000 });
  return { port, stop: () => stop(child) };
}

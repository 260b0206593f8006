import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Test } from 'tap';

const peel = join(import.meta.dirname, '..', '..', '..', 'bin', 'peel.js');

export interface Child {
  proc: ChildProcess;
  url: string;
  exited: Promise<[number | null, NodeJS.Signals | null]>;
  /** What the process wrote to stderr so far. */
  stderr(): string;
  /** Its log lines so far. */
  logLines: Array<{ msg: string; level?: string; [field: string]: unknown }>;
}

/**
 * Starts `peel mongo --port 0 --dbpath DIR` and waits for its "listening" log line;
 * `fileSizeLimitKb` caps the size of every file it writes (`ulimit -f`), so the journal fills up.
 */
export async function startChild(t: Test, dbpath: string, options: { fileSizeLimitKb?: number } = {}): Promise<Child> {
  const args = [peel, 'mongo', '--port', '0', '--dbpath', dbpath];
  const env = { ...process.env, LOG_LEVEL: 'info' };
  const stdio: ['ignore', 'pipe', 'pipe'] = ['ignore', 'pipe', 'pipe'];
  const proc =
    options.fileSizeLimitKb === undefined
      ? spawn(process.execPath, args, { stdio, env })
      : // Node ignores SIGXFSZ, so a write past the limit fails with EFBIG. tap puts its hooks in
        // every child's NODE_OPTIONS, and they (signal-exit) would die of that signal instead.
        spawn('/bin/sh', ['-c', `ulimit -f ${options.fileSizeLimitKb} && unset NODE_OPTIONS && exec "$0" "$@"`, process.execPath, ...args], { stdio, env });
  const exited = once(proc, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  let stderr = '';
  proc.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    process.stderr.write(chunk);
  });
  t.teardown(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const logLines: Array<{ msg: string; level?: string; [field: string]: unknown }> = [];
  const lines = createInterface({ input: proc.stdout as NodeJS.ReadableStream });
  const url = await new Promise<string>((resolve, reject) => {
    lines.on('line', (line) => {
      const entry = JSON.parse(line) as { msg: string; address?: string };
      logLines.push(entry);
      if (entry.msg === 'embedded mongo listening') resolve(`mongodb://${entry.address}/?replicaSet=rs0`);
    });
    void exited.then(() => reject(new Error(`peel mongo exited before listening: ${stderr}`)));
  });
  return { proc, url, exited, stderr: () => stderr, logLines };
}

export async function tempDir(t: Test): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'peel-mongo-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

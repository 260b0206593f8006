import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Test } from 'tap';
import type { FeatureTableInput } from '#contracts';
import { waitFor } from '#lib';

const PEEL = join(import.meta.dirname, '..', '..', '..', 'bin', 'peel.js');

export interface ProxyProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly adminUrl: string;
  readonly lines: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
}

/** `peel proxy` as a real child process on ports 0, with its JSON log lines collected. */
export async function startProxyProcess(t: Test, table: FeatureTableInput, env: Record<string, string> = {}): Promise<ProxyProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'peel-proxy-'));
  const featuresFile = join(dir, 'features.json');
  writeFileSync(featuresFile, JSON.stringify(table));
  const child = spawn(process.execPath, [PEEL, 'proxy'], {
    env: {
      ...process.env,
      PROXY_HOST: '127.0.0.1',
      PROXY_PORT: '0',
      ADMIN_PORT: '0',
      PEEL_FEATURES_FILE: featuresFile,
      PEEL_STATE_FILE: join(dir, 'state.json'),
      MONGODB_URL: '',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  const lines: Array<Record<string, unknown>> = [];
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      lines.push({ msg: line });
    }
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  const outcome = await waitFor('the proxy to listen or exit', () => lines.find((l) => l.msg === 'proxy listening') ?? (exitCode !== undefined ? 'exited' : undefined), {
    timeoutMs: 20_000,
  });
  if (outcome === 'exited') throw new Error(`peel proxy exited with ${exitCode} before listening: ${stderr.trim()}`);
  const listening = outcome;
  return { child, url: String(listening.url), adminUrl: String(listening.adminUrl), lines, exited, stderr: () => stderr };
}

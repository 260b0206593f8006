import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface Child {
  readonly port: number;
  stop(): Promise<void>;
}

const ROLES = join(import.meta.dirname, 'roles.ts');

/** Starts one role of roles.ts in its own Node process and waits for `ready <port>`. */
export async function startRole(role: string, args: string[]): Promise<Child> {
  const child = spawn(process.execPath, ['--import', 'tsx', ROLES, role, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return { port: await readyPort(child, role), stop: () => stop(child) };
}

export async function readyPort(child: ChildProcess, name: string): Promise<number> {
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`${name} exited with ${code} before it was ready`);
  });
  const ready = (async () => {
    for await (const line of lines) {
      const match = /^ready (\d+)$/.exec(line);
      if (match) return Number(match[1]);
    }
    throw new Error(`${name} closed its output before it was ready`);
  })();
  return Promise.race([ready, exited]);
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

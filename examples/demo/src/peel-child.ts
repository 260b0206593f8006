import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const PEEL_BIN = fileURLToPath(new URL('../../../bin/peel.js', import.meta.url));

export interface ChildLine {
  process: string;
  /** The parsed pino line, or undefined when the line was not JSON. */
  entry: Record<string, unknown> | undefined;
  text: string;
}

export interface PeelChild {
  readonly name: string;
  readonly child: ChildProcess;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

/**
 * Runs one `peel <command>` as a child process and hands each output line to `onLine`.
 * The children are real processes, so the demo and the end-to-end test exercise exactly
 * what production runs, signals and all.
 */
export function spawnPeel(name: string, args: string[], env: NodeJS.ProcessEnv, onLine: (line: ChildLine) => void): PeelChild {
  // Its own process group: a Ctrl-C in the terminal reaches only the supervisor, which then
  // stops each child once, in order. Otherwise every child would get SIGINT from the
  // terminal and SIGTERM from the supervisor, and take the second signal as "exit now".
  const child = spawn(process.execPath, [PEEL_BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const killOnExit = (): void => void child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const forward = (stream: NodeJS.ReadableStream): void => {
    createInterface({ input: stream }).on('line', (text) => onLine({ process: name, entry: parseJson(text), text }));
  };
  if (child.stdout) forward(child.stdout);
  if (child.stderr) forward(child.stderr);
  const exited = once(child, 'exit').then(([code, signal]) => {
    process.off('exit', killOnExit);
    return (code ?? signal) as number | string;
  });
  const stop = async (graceMs = 15_000): Promise<number | string> => {
    if (child.exitCode !== null || child.signalCode !== null) return exited;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
    }
  };
  return { name, child, exited, stop };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  if (!text.startsWith('{')) return undefined;
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

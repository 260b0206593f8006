import { PassThrough } from 'node:stream';
import { main } from '#cli/cli';

/** Runs `peel <args>` in this process with an empty environment (or `env`), collecting what it prints. */
export async function peelInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: '', err: '' };
  stdout.on('data', (c: Buffer) => (chunks.out += c.toString()));
  stderr.on('data', (c: Buffer) => (chunks.err += c.toString()));
  const code = await main(args, { stdout, stderr, env });
  return { code, stdout: chunks.out, stderr: chunks.err };
}

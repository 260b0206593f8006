import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import t from 'tap';
import { PEEL_VERSION } from '#lib';

const exec = promisify(execFile);
const peel = join(import.meta.dirname, '..', 'peel.js');

t.test('peel version prints the version and exits 0', async (t) => {
  const { stdout } = await exec(process.execPath, [peel, 'version']);
  t.equal(stdout.trim(), PEEL_VERSION);
});

t.test('an unknown command is one line on stderr and exit 2', async (t) => {
  const err = await exec(process.execPath, [peel, 'frobnicate']).then(
    () => undefined,
    (e: { code: number; stderr: string }) => e,
  );
  t.equal(err?.code, 2);
  t.match(err?.stderr, /^peel frobnicate: unknown command "frobnicate".*\(PEEL_CLI_UNKNOWN_COMMAND\)\n$/);
});

t.test('--help lists the commands', async (t) => {
  const { stdout } = await exec(process.execPath, [peel, '--help']);
  t.match(stdout, /usage: peel <command>/);
  t.match(stdout, /version/);
});

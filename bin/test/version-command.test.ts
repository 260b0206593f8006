import t from 'tap';
import { PEEL_VERSION } from '#lib';
import { peelInProcess as peel } from './in-process-peel.ts';

t.test('peel --version is peel version', async (t) => {
  t.same(await peel(['--version']), { code: 0, stdout: `${PEEL_VERSION}\n`, stderr: '' });
});

t.test('peel version --json prints an object', async (t) => {
  const { code, stdout } = await peel(['version', '--json']);
  t.equal(code, 0);
  t.same(JSON.parse(stdout), { version: PEEL_VERSION });
});

t.test('peel version --help prints its usage', async (t) => {
  const { code, stdout } = await peel(['version', '--help']);
  t.equal(code, 0);
  t.match(stdout, /^usage: peel version/);
});

t.test('an unknown flag is a usage error, exit 2, one line', async (t) => {
  const { code, stdout, stderr } = await peel(['version', '--bogus']);
  t.equal(code, 2);
  t.equal(stdout, '');
  t.match(stderr, /^peel version: .*--bogus.*\(PEEL_CLI_USAGE\)\n$/);
});

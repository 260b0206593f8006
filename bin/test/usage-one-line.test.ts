import t from 'tap';
import { peelInProcess as peel } from './in-process-peel.ts';

// node's parseArgs explains "--flag -5" over three lines.
for (const args of [['replay', '--after-sequence', '-5'], ['features', 'audit', '--limit', '-1']]) {
  t.test(`peel ${args.join(' ')}: a usage error in one line`, async (t) => {
    const { code, stdout, stderr } = await peel(args);
    t.equal(code, 2);
    t.equal(stdout, '');
    t.match(stderr, /ambiguous.*\(PEEL_CLI_USAGE\)\n$/);
    t.equal(stderr.split('\n').length, 2, 'one line');
  });
}

t.test('peel features without an action: one line on stderr, exit 2', async (t) => {
  const { code, stdout, stderr } = await peel(['features']);
  t.equal(code, 2);
  t.equal(stdout, '');
  t.equal(stderr, 'peel features: expected an action: list, show, set, rollback, audit; see peel features --help (PEEL_CLI_USAGE)\n');
});

for (const [flag, value] of [['--port', 'abc'], ['--admin-port', '70000']] as const) {
  t.test(`peel proxy ${flag} ${value}: a usage error naming the flag, before anything starts`, async (t) => {
    const { code, stdout, stderr } = await peel(['proxy', flag, value]);
    t.equal(code, 2);
    t.equal(stdout, '');
    t.equal(stderr, `peel proxy: ${flag} expects a port number from 0 to 65535, got "${value}"; see peel proxy --help (PEEL_CLI_USAGE)\n`);
  });
}

t.test('a failure with no Peel code of its own is PEEL_CLI_FAILED, never "(undefined)"', async (t) => {
  const { code, stderr } = await peel(['replay', '--type', 'shop.#'], { MONGODB_URL: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=300' });
  t.equal(code, 1);
  t.match(stderr, /^peel replay: .*ECONNREFUSED.* \(PEEL_CLI_FAILED\)\n$/);
});

import t from 'tap';
import { PROXY_ENV } from '#contracts';
import { ADAPTER_ENV } from '#adapter/config';
import { peelInProcess as peel } from './in-process-peel.ts';

// Every variable a command reads is in its --help, so nobody has to read the source to find one.
for (const [command, env] of [['adapter', ADAPTER_ENV], ['proxy', PROXY_ENV]] as const) {
  t.test(`peel ${command} --help names every variable it reads`, async (t) => {
    const { stdout } = await peel([command, '--help']);
    t.same(Object.values(env).filter((name) => !new RegExp(`\\b${name}\\b`).test(stdout)), []);
  });
}

import { PassThrough } from 'node:stream';
import t from 'tap';
import { run } from '#legacy-shop/legacy-shop-command';

t.test('a bad --port is a usage error, before any configuration or connection', async (t) => {
  const ctx = { stdout: new PassThrough(), stderr: new PassThrough(), env: {} };
  for (const port of ['abc', '-1', '70000', '']) {
    await t.rejects(run([`--port=${port}`], ctx), { code: 'PEEL_CLI_USAGE', message: /--port expects a port number from 0 to 65535/ }, JSON.stringify(port));
  }
});

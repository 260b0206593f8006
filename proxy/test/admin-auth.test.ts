import t from 'tap';
import { assertAdminListenSafe, isAdminAuthorized } from '../src/admin-auth.ts';

const TOKEN = 'a-long-enough-admin-token';

t.test('only `Bearer <the token>` is authorized', async (t) => {
  t.ok(isAdminAuthorized(`Bearer ${TOKEN}`, TOKEN));
  t.ok(isAdminAuthorized(`bearer ${TOKEN}`, TOKEN), 'the scheme is case-insensitive');
  const refused: Array<[string, string | undefined, string | undefined]> = [
    ['no header', undefined, TOKEN],
    ['wrong token', 'Bearer a-long-enough-admin-tokex', TOKEN],
    ['token prefix', `Bearer ${TOKEN.slice(0, -1)}`, TOKEN],
    ['token with extra', `Bearer ${TOKEN}x`, TOKEN],
    ['other scheme', `Basic ${TOKEN}`, TOKEN],
    ['bare token', TOKEN, TOKEN],
    ['empty bearer', 'Bearer ', TOKEN],
    ['no token configured', `Bearer ${TOKEN}`, undefined],
    ['empty token configured', 'Bearer ', ''],
  ];
  for (const [what, header, token] of refused) t.notOk(isAdminAuthorized(header, token), what);
});

t.test('a non-loopback admin listener needs a token', async (t) => {
  for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', '::ffff:127.0.0.1']) {
    t.doesNotThrow(() => assertAdminListenSafe(host, undefined), `${host} is loopback`);
  }
  for (const host of ['0.0.0.0', '::', '10.0.0.5', 'admin.internal', '128.0.0.1']) {
    t.throws(() => assertAdminListenSafe(host, undefined), { code: 'PEEL_PROXY_ADMIN_TOKEN_REQUIRED', message: new RegExp(host.replace(/[.[\]]/g, '\\$&')) }, `${host} is refused`);
    t.doesNotThrow(() => assertAdminListenSafe(host, TOKEN), `${host} is fine with a token`);
  }
});

import t from 'tap';
import { clientAddressOf, requestIdOf } from '#proxy/forward/request-identity';
import { stickyValue } from '#proxy/forward/sticky-value';
import { createTrustedProxies, unmapIPv4 } from '#proxy/forward/trusted-proxies';

t.test('trusted proxies by CIDR, IPv4 and IPv6, mapped addresses unmapped', async (t) => {
  const trusted = createTrustedProxies(['10.0.0.0/8', '192.168.1.7', 'fd00::/8']);
  const cases: Array<[string, boolean]> = [
    ['10.1.2.3', true],
    ['::ffff:10.1.2.3', true],
    ['11.0.0.1', false],
    ['192.168.1.7', true],
    ['192.168.1.8', false],
    ['fd12::1', true],
    ['::1', false],
  ];
  for (const [address, expected] of cases) t.equal(trusted.trusts(address), expected, address);
  t.equal(createTrustedProxies([]).trusts('127.0.0.1'), false, 'nobody is trusted by default');
  t.throws(() => createTrustedProxies(['10.0.0.0/33']), /trustedProxies: "10.0.0.0\/33" is not an IP address or CIDR range/);
  t.throws(() => createTrustedProxies(['proxy.internal']), /trustedProxies: "proxy.internal"/);
  t.equal(unmapIPv4('::ffff:127.0.0.1'), '127.0.0.1');
});

t.test('the client address is the right-most untrusted hop', async (t) => {
  const trusted = createTrustedProxies(['10.0.0.0/8']);
  const headers = { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2' };
  t.equal(clientAddressOf('10.0.0.1', true, headers, trusted), '203.0.113.9');
  t.equal(clientAddressOf('198.51.100.1', false, headers, trusted), '198.51.100.1', 'an untrusted peer is the client');
  t.equal(clientAddressOf('10.0.0.1', true, {}, trusted), '10.0.0.1');
});

t.test('request ids are passed on when sane, generated otherwise', async (t) => {
  t.equal(requestIdOf({ 'x-request-id': 'abc-123' }), 'abc-123');
  t.match(requestIdOf({ 'x-request-id': 'bad id\r\n' }), /^[0-9a-f-]{36}$/);
  t.match(requestIdOf({ 'x-request-id': 'x'.repeat(200) }), /^[0-9a-f-]{36}$/);
  t.match(requestIdOf({}), /^[0-9a-f-]{36}$/);
});

t.test('sticky values: header, cookie, client address, with the address as fallback', async (t) => {
  const address = () => '198.51.100.4';
  const headers = { 'x-user-id': 'u-1', cookie: 'theme=dark; session = s-9 ; other=1' };
  t.equal(stickyValue({ kind: 'header', name: 'x-user-id' }, headers, address), 'u-1');
  t.equal(stickyValue({ kind: 'cookie', name: 'session' }, headers, address), 's-9');
  t.equal(stickyValue({ kind: 'cookie', name: 'missing' }, headers, address), '198.51.100.4');
  t.equal(stickyValue({ kind: 'header', name: 'x-missing' }, headers, address), '198.51.100.4');
  t.equal(stickyValue({ kind: 'client-address' }, headers, address), '198.51.100.4');
});

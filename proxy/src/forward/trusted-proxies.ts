import { BlockList, isIPv4, isIPv6 } from 'node:net';

export interface TrustedProxies {
  /** True when inbound X-Forwarded-* headers from this peer address may be believed. */
  trusts(address: string): boolean;
}

/** `10.0.0.0/8`, `::1/128`, or a bare address. Invalid entries throw with the entry named. */
export function createTrustedProxies(cidrs: readonly string[]): TrustedProxies {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const range = parseCidr(cidr);
    if (!range) throw new TypeError(`trustedProxies: ${JSON.stringify(cidr)} is not an IP address or CIDR range`);
    list.addSubnet(range.address, range.prefix, range.type);
  }
  if (cidrs.length === 0) return { trusts: () => false };
  return { trusts: (address) => check(list, address) };
}

/** `10.0.0.0/8` → its parts; undefined when it is not an IP address or CIDR range. */
export function parseCidr(cidr: string): { address: string; prefix: number; type: 'ipv4' | 'ipv6' } | undefined {
  const [address = '', bits] = cidr.split('/');
  const type = isIPv4(address) ? 'ipv4' : isIPv6(address) ? 'ipv6' : undefined;
  if (!type) return undefined;
  const max = type === 'ipv4' ? 32 : 128;
  const prefix = bits === undefined ? max : Number(bits);
  return Number.isInteger(prefix) && prefix >= 0 && prefix <= max ? { address, prefix, type } : undefined;
}

function check(list: BlockList, address: string): boolean {
  const plain = unmapIPv4(address);
  return list.check(plain, isIPv4(plain) ? 'ipv4' : 'ipv6');
}

/** `::ffff:127.0.0.1` → `127.0.0.1`: dual-stack sockets report IPv4 peers mapped. */
export function unmapIPv4(address: string): string {
  return address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;
}

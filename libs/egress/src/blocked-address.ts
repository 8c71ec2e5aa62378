import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no webhook may reach (reliability.md, SSRF): private, loopback, link-local (cloud metadata),
 * CGNAT, multicast, documentation, benchmarking and reserved ranges, and the IPv6 forms that tunnel or
 * translate to IPv4 (6to4, Teredo, NAT64). IPv4-mapped IPv6 addresses are judged by the IPv4 inside.
 */
const BLOCKED_IPV4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const BLOCKED_IPV6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments (incl. Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const lists = buildLists();

export interface AddressPolicy {
  /** Loopback only (127.0.0.0/8, ::1): for tests and local demos, never production. */
  allowLoopback: boolean;
}

/** Why this IP literal may not be contacted, or undefined when it may. */
export function blockedAddressReason(address: string, policy: AddressPolicy): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  if (family === 6) {
    const mapped = ipv4MappedAddress(address);
    if (mapped !== undefined) return blockedAddressReason(mapped, policy);
  }
  const reason = lookupReason(address, family === 4 ? 'ipv4' : 'ipv6');
  if (reason === 'loopback' && policy.allowLoopback) return undefined;
  return reason === undefined ? undefined : `${address} is a ${reason} address`;
}

function lookupReason(address: string, type: 'ipv4' | 'ipv6'): string | undefined {
  for (const { reason, list } of lists[type]) if (list.check(address, type)) return reason;
  return undefined;
}

/** `::ffff:127.0.0.1` and `::ffff:7f00:1` both carry 127.0.0.1. */
function ipv4MappedAddress(address: string): string | undefined {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address) ?? /^::ffff:(.+)$/i.exec(address);
  if (match === null) return undefined;
  const tail = match[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (hex === null) return undefined;
  const high = parseInt(hex[1], 16);
  const low = parseInt(hex[2], 16);
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

function buildLists() {
  const build = (ranges: Array<[string, number, string]>, type: 'ipv4' | 'ipv6') =>
    ranges.map(([network, prefix, reason]) => {
      const list = new BlockList();
      list.addSubnet(network, prefix, type);
      return { reason, list };
    });
  return { ipv4: build(BLOCKED_IPV4, 'ipv4'), ipv6: build(BLOCKED_IPV6, 'ipv6') };
}

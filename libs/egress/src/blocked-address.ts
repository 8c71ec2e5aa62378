import { BlockList, isIP } from 'node:net';

/**
 * Address ranges no webhook may reach (reliability.md, SSRF): private, loopback, link-local (cloud metadata),
 * CGNAT, multicast, documentation, benchmarking and reserved ranges, cloud hosts' own service addresses, and
 * every IPv6 form that carries, tunnels or translates an IPv4 address (mapped, compatible, SIIT-translated,
 * NAT64, 6to4, Teredo). Those IPv6 forms are refused whatever IPv4 address they carry: a receiver never
 * publishes one, and judging the address inside is where bypasses come from. First match names the reason.
 */
const BLOCKED_IPV4: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'this-network'],
  ['10.0.0.0', 8, 'private'],
  // Also Alibaba Cloud's metadata service, 100.100.100.200.
  ['100.64.0.0', 10, 'carrier-grade NAT'],
  ['127.0.0.0', 8, 'loopback'],
  // Also AWS, GCP, Azure, DigitalOcean and OpenStack metadata (169.254.169.254) and AWS ECS (169.254.170.2).
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  // Also Oracle Cloud's metadata service, 192.0.0.192.
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
  // A public address that inside Azure reaches the host itself (WireServer: VM agent, DHCP, DNS, health probes).
  ['168.63.129.16', 32, 'cloud host service (Azure WireServer)'],
];

/** IPv6 rules, most specific first; anything outside 2000::/3 (global unicast) is refused after these. */
const BLOCKED_IPV6: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible'],
  ['::ffff:0:0', 96, 'IPv4-mapped'],
  ['::ffff:0:0:0', 96, 'IPv4-translated (SIIT)'],
  ['64:ff9b::', 96, 'NAT64'],
  ['64:ff9b:1::', 48, 'NAT64'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments (incl. Teredo)'],
  ['2001:db8::', 32, 'documentation'],
  ['2002::', 16, '6to4'],
  ['3fff::', 20, 'documentation'],
  // Also AWS's IPv6 metadata service (fd00:ec2::254) and GCP's (fd20:ce::254).
  ['fc00::', 7, 'unique local'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const GLOBAL_UNICAST_IPV6: [string, number] = ['2000::', 3];

const lists = buildLists();

export interface AddressPolicy {
  /** Loopback only (127.0.0.0/8, ::1): for tests and local demos, never production. */
  allowLoopback: boolean;
  /**
   * One private IPv4 range (CIDR, inside 10/8, 172.16/12 or 192.168/16) that may be contacted: a development
   * setting, e.g. to reach a receiver on the Docker host from compose. Every other blocked range stays
   * blocked. Never set in production.
   */
  allowedPrivateRange?: string;
}

/** What `allowedPrivateRange` accepts: a CIDR inside one of the three private IPv4 ranges, or nothing. */
export const PRIVATE_IPV4_RANGE =
  /^(|10(\.\d{1,3}){3}\/([89]|[12]\d|3[0-2])|172\.(1[6-9]|2\d|3[01])(\.\d{1,3}){2}\/(1[2-9]|2\d|3[0-2])|192\.168(\.\d{1,3}){2}\/(1[6-9]|2\d|3[0-2]))$/;

const allowedRanges = new Map<string, BlockList>();

function inAllowedRange(address: string, cidr: string): boolean {
  let list = allowedRanges.get(cidr);
  if (list === undefined) {
    if (!PRIVATE_IPV4_RANGE.test(cidr)) throw new Error(`${cidr} is not a private IPv4 range (CIDR)`);
    const [network, prefix] = cidr.split('/');
    list = new BlockList();
    list.addSubnet(network, Number(prefix), 'ipv4');
    allowedRanges.set(cidr, list);
  }
  return list.check(address, 'ipv4');
}

/** Why this IP literal may not be contacted, or undefined when it may. For the server log, not for tenants. */
export function blockedAddressReason(address: string, policy: AddressPolicy): string | undefined {
  const family = isIP(address);
  if (family === 0) return 'not an IP address';
  const reason = lookupReason(address, family === 4 ? 'ipv4' : 'ipv6');
  if (reason === 'loopback' && policy.allowLoopback) return undefined;
  const allowedRange = policy.allowedPrivateRange;
  if (reason === 'private' && family === 4 && allowedRange && inAllowedRange(address, allowedRange))
    return undefined;
  return reason === undefined ? undefined : `${address} is blocked (${reason})`;
}

function lookupReason(address: string, type: 'ipv4' | 'ipv6'): string | undefined {
  for (const { reason, list } of lists[type]) if (list.check(address, type)) return reason;
  if (type === 'ipv6' && !lists.globalUnicast.check(address, 'ipv6')) return 'not global unicast';
  return undefined;
}

function buildLists() {
  const build = (ranges: Array<[string, number, string]>, type: 'ipv4' | 'ipv6') =>
    ranges.map(([network, prefix, reason]) => {
      const list = new BlockList();
      list.addSubnet(network, prefix, type);
      return { reason, list };
    });
  const globalUnicast = new BlockList();
  globalUnicast.addSubnet(...GLOBAL_UNICAST_IPV6, 'ipv6');
  return { ipv4: build(BLOCKED_IPV4, 'ipv4'), ipv6: build(BLOCKED_IPV6, 'ipv6'), globalUnicast };
}

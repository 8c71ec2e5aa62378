import { blockedAddressReason, PRIVATE_IPV4_RANGE } from './blocked-address';

const strict = { allowLoopback: false };

describe('blockedAddressReason', () => {
  it.each([
    '0.0.0.0',
    '10.1.2.3',
    '100.64.0.1',
    '100.100.100.200', // Alibaba Cloud metadata
    '100.127.255.254',
    '127.0.0.1',
    '127.255.255.254',
    '168.63.129.16', // Azure WireServer
    '169.254.169.254',
    '169.254.170.2', // AWS ECS task metadata
    '172.16.0.1',
    '172.31.255.255',
    '192.0.0.8',
    '192.0.0.192', // Oracle Cloud metadata
    '192.0.2.1',
    '192.168.1.1',
    '198.18.0.1',
    '224.0.0.251',
    '239.255.255.250',
    '240.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd12:3456::1',
    'fd00:ec2::254', // AWS IPv6 metadata
    'fd20:ce::254', // GCP IPv6 metadata
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '0:0:0:0:0:ffff:7f00:1',
    '::ffff:169.254.169.254',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1', // IPv4-compatible
    '::7f00:1',
    '::a9fe:a9fe',
    '::10.0.0.1',
    '::ffff:0:127.0.0.1', // IPv4-translated (SIIT)
    '::ffff:0:a9fe:a9fe',
    '64:ff9b::7f00:1',
    '64:ff9b:1::a00:1',
    '2002:7f00:1::',
    '2001:0:4136:e378::1',
    '2001:db8::1',
    '3fff::1', // documentation since 2024
    '100::1',
    '4000::1', // outside global unicast
    '5f00::1',
  ])('blocks %s', (address) => {
    expect(blockedAddressReason(address, strict)).toMatch(/is blocked \(.+\)$/);
  });

  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '168.63.129.17', '2606:4700:4700::1111'])(
    'allows public address %s',
    (address) => {
      expect(blockedAddressReason(address, strict)).toBeUndefined();
    },
  );

  it('refuses IPv4 inside IPv6 whatever the IPv4 address is, public ones included', () => {
    expect(blockedAddressReason('::ffff:8.8.8.8', strict)).toMatch(/IPv4-mapped/);
    expect(blockedAddressReason('::8.8.8.8', strict)).toMatch(/IPv4-compatible/);
    expect(blockedAddressReason('::ffff:0:8.8.8.8', strict)).toMatch(/IPv4-translated/);
    expect(blockedAddressReason('64:ff9b::808:808', strict)).toMatch(/NAT64/);
  });

  it('allows loopback only when the policy says so, and nothing else private with it', () => {
    const local = { allowLoopback: true };
    expect(blockedAddressReason('127.0.0.1', local)).toBeUndefined();
    expect(blockedAddressReason('::1', local)).toBeUndefined();
    expect(blockedAddressReason('::ffff:127.0.0.1', local)).toMatch(/IPv4-mapped/);
    expect(blockedAddressReason('::7f00:1', local)).toMatch(/IPv4-compatible/);
    expect(blockedAddressReason('169.254.169.254', local)).toMatch(/link-local/);
    expect(blockedAddressReason('10.0.0.1', local)).toMatch(/private/);
  });

  it('allows the one private range a development policy names, and nothing else blocked with it', () => {
    const hostGateway = { allowLoopback: false, allowedPrivateRange: '172.17.0.1/32' };
    expect(blockedAddressReason('172.17.0.1', hostGateway)).toBeUndefined();
    expect(blockedAddressReason('172.17.0.2', hostGateway)).toMatch(/private/);
    expect(blockedAddressReason('10.0.0.1', hostGateway)).toMatch(/private/);
    expect(blockedAddressReason('127.0.0.1', hostGateway)).toMatch(/loopback/);
    expect(blockedAddressReason('169.254.169.254', hostGateway)).toMatch(/link-local/);
    expect(blockedAddressReason('::ffff:172.17.0.1', hostGateway)).toBeDefined();
    const lan = { allowLoopback: false, allowedPrivateRange: '192.168.1.0/24' };
    expect(blockedAddressReason('192.168.1.77', lan)).toBeUndefined();
    expect(blockedAddressReason('192.168.2.1', lan)).toMatch(/private/);
  });

  it('accepts only a CIDR inside the three private IPv4 ranges as that range', () => {
    for (const ok of ['', '172.17.0.1/32', '10.0.0.0/8', '192.168.0.0/16', '172.31.255.0/24'])
      expect({ ok, valid: PRIVATE_IPV4_RANGE.test(ok) }).toEqual({ ok, valid: true });
    for (const bad of [
      '0.0.0.0/0',
      '172.15.0.0/16',
      '10.0.0.0/7',
      '169.254.169.254/32',
      '127.0.0.1/32',
      '172.17.0.1',
    ])
      expect({ bad, valid: PRIVATE_IPV4_RANGE.test(bad) }).toEqual({ bad, valid: false });
    expect(() =>
      blockedAddressReason('10.0.0.1', { allowLoopback: false, allowedPrivateRange: '8.8.8.0/24' }),
    ).toThrow(/not a private IPv4 range/);
  });

  it('treats anything that is not an IP literal as blocked', () => {
    expect(blockedAddressReason('example.com', strict)).toBe('not an IP address');
  });
});

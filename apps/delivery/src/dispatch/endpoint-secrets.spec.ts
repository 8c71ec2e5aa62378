import { createCipheriv, randomBytes } from 'node:crypto';
import type { EndpointRecord } from '@hookline/contracts';
import { SecretBox, customHeaderBinding, signingSecretBinding } from '@hookline/webhook-crypto';
import { EndpointSecrets } from './endpoint-secrets';

const keyBytes = randomBytes(32);
const box = new SecretBox([{ id: 'k1', key: keyBytes }]);
const now = new Date('2026-01-01T00:00:00Z');

function endpoint(id: string, overrides: Partial<EndpointRecord> = {}): EndpointRecord {
  return {
    kind: 'endpoint',
    id,
    tenantId: 'acme',
    url: 'https://hooks.example.com/in',
    description: '',
    eventTypes: ['*'],
    entityTypes: [],
    headers: {},
    rateLimitPerSecond: null,
    enabled: true,
    disabledReason: null,
    secrets: [
      {
        id: `sec_${id}`,
        encrypted: box.encrypt(`whsec_of_${id}`, signingSecretBinding('acme', id)),
        createdAt: now.toISOString(),
      },
    ],
    version: 1,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    ...overrides,
  };
}

describe('EndpointSecrets', () => {
  it('opens sealed header values and uses values published before sealing as they are', () => {
    const secrets = new EndpointSecrets(box);
    const record = endpoint('ep_a', {
      headers: {
        authorization: box.encrypt(
          'Bearer receiver-token',
          customHeaderBinding('acme', 'ep_a', 'authorization'),
        ),
        'x-team': 'billing',
      },
    });
    expect(secrets.customHeaders(record)).toEqual({
      authorization: 'Bearer receiver-token',
      'x-team': 'billing',
    });
    expect(secrets.liveSecrets(record, now)).toEqual(['whsec_of_ep_a']);
  });

  it('refuses a header value copied from another endpoint, naming the header and not the value', () => {
    const secrets = new EndpointSecrets(box);
    const theirs = box.encrypt('Bearer their-token', customHeaderBinding('acme', 'ep_b', 'authorization'));
    const record = endpoint('ep_a', { headers: { authorization: theirs } });
    expect(() => secrets.customHeaders(record)).toThrow(
      /^custom header authorization could not be decrypted/,
    );
    expect(() => secrets.customHeaders(record)).not.toThrow(/their-token/);
  });

  it('refuses a signing secret copied from another endpoint even after opening it there (cache keyed by owner)', () => {
    const secrets = new EndpointSecrets(box);
    const victim = endpoint('ep_victim');
    expect(secrets.liveSecrets(victim, now)).toEqual(['whsec_of_ep_victim']);
    const attacker = endpoint('ep_attacker', { secrets: victim.secrets });
    expect(() => secrets.liveSecrets(attacker, now)).toThrow(/failed authentication/);
  });

  it('still signs with a secret in the unbound v1 format, published before binding', () => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
    const body = Buffer.concat([cipher.update('whsec_legacy', 'utf8'), cipher.final()]);
    const legacy = [
      'v1',
      'k1',
      ...[iv, cipher.getAuthTag(), body].map((part) => part.toString('base64url')),
    ].join('.');
    const record = endpoint('ep_old', {
      secrets: [{ id: 'sec_old', encrypted: legacy, createdAt: now.toISOString() }],
    });
    expect(new EndpointSecrets(box).liveSecrets(record, now)).toEqual(['whsec_legacy']);
  });
});

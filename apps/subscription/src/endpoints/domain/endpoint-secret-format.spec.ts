import { randomBytes } from 'node:crypto';
import { generateEndpointSecret } from '@hookline/webhook-crypto';
import { endpointSecretProblem } from './endpoint-secret-format';

describe('endpointSecretProblem', () => {
  it('accepts generated secrets and any whsec_ base64 of 24 to 64 bytes', () => {
    expect(endpointSecretProblem(generateEndpointSecret())).toBeUndefined();
    expect(endpointSecretProblem(`whsec_${randomBytes(24).toString('base64')}`)).toBeUndefined();
    expect(endpointSecretProblem(`whsec_${randomBytes(64).toString('base64')}`)).toBeUndefined();
  });

  it.each([
    [randomBytes(32).toString('base64'), 'must start with whsec_'],
    ['whsec_not base64!', 'must be whsec_ followed by base64'],
    [`whsec_${randomBytes(16).toString('base64')}`, 'must encode 24 to 64 random bytes'],
    [`whsec_${randomBytes(65).toString('base64')}`, 'must encode 24 to 64 random bytes'],
  ])('refuses %s', (secret, reason) => {
    expect(endpointSecretProblem(secret)).toBe(reason);
  });
});

import { liveSecretsQuotaProblem } from './live-secrets-quota';
import { planSecretRotation } from './plan-secret-rotation';

const now = new Date('2026-12-01T10:00:00.000Z');
const hoursFromNow = (hours: number) => new Date(now.getTime() + hours * 3_600_000);

function secretsOf(count: number, expired = 0) {
  const live = Array.from({ length: count }, (_, index) => ({
    id: `sec_${index}`,
    expiresAt: index === 0 ? null : hoursFromNow(index),
  }));
  const dead = Array.from({ length: expired }, (_, index) => ({
    id: `old_${index}`,
    expiresAt: hoursFromNow(-1),
  }));
  return [...live, ...dead];
}

describe('liveSecretsQuotaProblem', () => {
  it('lets a rotation through while the new secret and those still signing fit the quota', () => {
    const secrets = secretsOf(2, 3);
    const plan = planSecretRotation(secrets, now, 3_600);
    expect(liveSecretsQuotaProblem(secrets, { add: {}, ...plan }, now, { liveSecretsPerEndpoint: 3 })).toBe(
      undefined,
    );
  });

  it('refuses a rotation that would leave one secret too many signing, naming the limit and the usage', () => {
    const secrets = secretsOf(3);
    const plan = planSecretRotation(secrets, now, 3_600);
    expect(
      liveSecretsQuotaProblem(secrets, { add: {}, ...plan }, now, { liveSecretsPerEndpoint: 3 }),
    ).toEqual({
      name: 'liveSecretsPerEndpoint',
      limit: 3,
      usage: 3,
      hint: expect.stringContaining('overlapSeconds 0') as string,
    });
  });

  it('always lets a rotation without overlap through: it retires every previous secret', () => {
    const secrets = secretsOf(5);
    const plan = planSecretRotation(secrets, now, 0);
    expect(liveSecretsQuotaProblem(secrets, { add: {}, ...plan }, now, { liveSecretsPerEndpoint: 1 })).toBe(
      undefined,
    );
  });

  it('checks only changes that add a secret (re-encryption adds none)', () => {
    expect(liveSecretsQuotaProblem(secretsOf(9), {}, now, { liveSecretsPerEndpoint: 1 })).toBe(undefined);
  });
});

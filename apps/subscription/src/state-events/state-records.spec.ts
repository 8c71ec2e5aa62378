import type { EndpointSecretEntity } from '../endpoints/persistence/endpoint-secret.entity';
import { liveSecrets } from './state-records';

const now = new Date('2026-12-01T12:00:00Z');
const secret = (
  id: string,
  createdMinutesAgo: number,
  expiresInMinutes: number | null,
): EndpointSecretEntity => ({
  id,
  endpointId: 'ep_1',
  encrypted: 'x',
  createdAt: new Date(now.getTime() - createdMinutesAgo * 60_000),
  expiresAt: expiresInMinutes === null ? null : new Date(now.getTime() + expiresInMinutes * 60_000),
});

describe('liveSecrets', () => {
  it('leaves out secrets that no longer sign, newest first', () => {
    const secrets = [secret('old', 30, -1), secret('previous', 20, 60), secret('current', 10, null)];
    expect(liveSecrets(secrets, now).map((s) => s.id)).toEqual(['current', 'previous']);
  });

  it('never carries more than 20, however many a rotation storm left signing', () => {
    const storm = Array.from({ length: 4_000 }, (_, i) => secret(`s${i}`, 4_000 - i, 60));
    const kept = liveSecrets(storm, now);
    expect(kept).toHaveLength(20);
    expect(kept[0].id).toBe('s3999');
  });
});

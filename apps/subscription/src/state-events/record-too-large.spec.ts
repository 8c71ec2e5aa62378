import { SubscriptionErrorCode } from '../errors/subscription.error';
import { recordTooLarge } from './record-too-large';

describe('recordTooLarge', () => {
  const record = (bytes: number) => ({ key: 'tenant:acme', value: 'x'.repeat(bytes) });

  it('lets a record through that fits with room for the outbox headers', () => {
    expect(recordTooLarge(record(60_000), 'tenant acme', 65_536)).toBeUndefined();
  });

  it('refuses one that would not, naming what, its size and the limit', () => {
    const refusal = recordTooLarge(record(65_000), 'tenant acme', 65_536);
    expect(refusal?.code).toBe(SubscriptionErrorCode.RecordTooLarge);
    expect(refusal?.message).toMatch(
      /^the change would make the published state of tenant acme \d+ bytes, over the limit of 65536 bytes per record/,
    );
  });
});

import { planSecretRotation } from './plan-secret-rotation';

const now = new Date('2026-11-23T10:00:00Z');
const at = (offsetSeconds: number) => new Date(now.getTime() + offsetSeconds * 1000);

describe('planSecretRotation', () => {
  it('keeps the current secret signing for the overlap', () => {
    expect(planSecretRotation([{ id: 's1', expiresAt: null }], now, 86_400)).toEqual({
      expire: [{ id: 's1', expiresAt: at(86_400) }],
      remove: [],
    });
  });

  it('never extends a previous secret, shortens it to the new overlap, and drops expired ones', () => {
    const plan = planSecretRotation(
      [
        { id: 'current', expiresAt: null },
        { id: 'soon', expiresAt: at(60) },
        { id: 'late', expiresAt: at(10_000) },
        { id: 'dead', expiresAt: at(-1) },
      ],
      now,
      3_600,
    );
    expect(plan).toEqual({
      expire: [
        { id: 'current', expiresAt: at(3_600) },
        { id: 'late', expiresAt: at(3_600) },
      ],
      remove: ['dead'],
    });
  });

  it('with no overlap, stops every previous secret at once', () => {
    expect(
      planSecretRotation(
        [
          { id: 's1', expiresAt: null },
          { id: 's0', expiresAt: at(50) },
        ],
        now,
        0,
      ),
    ).toEqual({
      expire: [],
      remove: ['s1', 's0'],
    });
  });
});

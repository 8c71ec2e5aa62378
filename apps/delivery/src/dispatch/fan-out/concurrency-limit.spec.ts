import { ConcurrencyLimit, type ReleaseSlot } from './concurrency-limit';

describe('ConcurrencyLimit', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('never has more holders than its limit, however many ask at once', async () => {
    const limit = new ConcurrencyLimit(3);
    const slots = Array.from({ length: 10 }, () => limit.acquire(60_000));
    await Promise.resolve();
    expect(limit.active).toBe(3);
    expect(limit.waiting).toBe(7);
    let maxActive = 0;
    for (const pending of slots) {
      const release = (await pending) as ReleaseSlot;
      maxActive = Math.max(maxActive, limit.active);
      release();
    }
    expect(maxActive).toBe(3);
    expect(limit.active).toBe(0);
    expect(limit.waiting).toBe(0);
  });

  it('hands a freed slot to the longest waiter first', async () => {
    const limit = new ConcurrencyLimit(1);
    const first = (await limit.acquire(1_000)) as ReleaseSlot;
    const order: string[] = [];
    const second = limit.acquire(1_000).then((release) => {
      order.push('second');
      return release;
    });
    const third = limit.acquire(1_000).then((release) => {
      order.push('third');
      return release;
    });
    first();
    (await second)?.();
    (await third)?.();
    expect(order).toEqual(['second', 'third']);
  });

  it('tells a waiter no once its wait is over, and forgets it', async () => {
    const limit = new ConcurrencyLimit(1);
    const held = (await limit.acquire(0)) as ReleaseSlot;
    const waiting = limit.acquire(500);
    expect(await limit.acquire(0)).toBeUndefined();
    jest.advanceTimersByTime(500);
    expect(await waiting).toBeUndefined();
    expect(limit.waiting).toBe(0);
    held();
    expect(limit.active).toBe(0);
  });

  it('counts a slot released twice once', async () => {
    const limit = new ConcurrencyLimit(2);
    const release = (await limit.acquire(0)) as ReleaseSlot;
    await limit.acquire(0);
    release();
    release();
    expect(limit.active).toBe(1);
  });
});

import { projectedAt, summariseHops, type DeliveryTimes } from './hop-times';

const delivery = (base: number, step: number): DeliveryTimes => ({
  accepted: base,
  outboxWritten: base + step,
  published: base + 2 * step,
  handledByDelivery: base + 3 * step,
  postStarted: base + 4 * step,
  received: base + 5 * step,
  projected: base + 6 * step,
});

describe('summariseHops', () => {
  it('takes each hop as the difference of its two timestamps, with nearest-rank percentiles', () => {
    const deliveries = Array.from({ length: 100 }, (_, i) => delivery(1_000 * i, i + 1));
    const hops = summariseHops(deliveries);
    expect(hops.accepted_to_outbox).toEqual({ p50: 50, p95: 95, p99: 99, count: 100 });
    expect(hops.accepted_to_received.p99).toBe(5 * 99);
    expect(hops.accepted_to_projected.p50).toBe(6 * 50);
  });

  it('leaves out a delivery whose hop has no timestamp (health not seen applying it)', () => {
    const hops = summariseHops([delivery(0, 1), { ...delivery(0, 2), projected: NaN }]);
    expect(hops.received_to_projected.count).toBe(1);
    expect(hops.post_to_received.count).toBe(2);
  });
});

describe('projectedAt', () => {
  const polls = [
    { at: 100, next: 0n },
    { at: 125, next: 5n },
    { at: 150, next: 5n },
    { at: 175, next: 9n },
  ];

  it('is the first poll whose next offset is past the record', () => {
    expect(projectedAt(polls, 0n)).toBe(125);
    expect(projectedAt(polls, 4n)).toBe(125);
    expect(projectedAt(polls, 5n)).toBe(175);
  });

  it('is NaN for a record no poll saw applied', () => {
    expect(projectedAt(polls, 9n)).toBeNaN();
  });
});

import { HealthClock } from './health-clock';

describe('HealthClock', () => {
  it('runs at real time by default', () => {
    let real = 1_000_000;
    const clock = new HealthClock({ rate: 1, offsetMs: 0 }, () => real);
    real += 2_500;
    expect(clock.now().getTime()).toBe(1_002_500);
  });

  it('compresses time by the configured rate and shifts it by the offset', () => {
    let real = Date.UTC(2026, 10, 23);
    const clock = new HealthClock({ rate: 86_400, offsetMs: 3_600_000 }, () => real);
    expect(clock.now().toISOString()).toBe('2026-11-23T01:00:00.000Z');
    real += 1_000; // one real second is one simulated day
    expect(clock.now().toISOString()).toBe('2026-11-24T01:00:00.000Z');
    expect(clock.realDelayFor(86_400_000)).toBe(1_000);
  });
});

import { traceparentFor } from './traceparent';

describe('traceparentFor', () => {
  it('continues the trace the event arrived with, under a new span', () => {
    const incoming = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const next = traceparentFor(incoming);
    expect(next).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);
    expect(next).not.toBe(incoming);
  });

  it('starts a fresh, unsampled trace when there is none (or it is malformed)', () => {
    expect(traceparentFor(undefined)).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    expect(traceparentFor('garbage')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('never hands out the same span id twice, across refills of the random pool', () => {
    const spanIds = Array.from({ length: 2_000 }, () => traceparentFor(undefined).split('-')[2]);
    expect(new Set(spanIds).size).toBe(spanIds.length);
  });
});

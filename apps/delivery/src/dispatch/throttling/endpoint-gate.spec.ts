import { EndpointGate, type Admission } from './endpoint-gate';

const limits = { concurrency: 2, maxQueueWaitMs: 50, maxWaiters: 2 };
const circuit = { failureThreshold: 2, openMs: 60_000 };

function admitted(admission: Admission): Extract<Admission, { kind: 'admitted' }> {
  if (admission.kind !== 'admitted') throw new Error(`expected admitted, got ${admission.kind}`);
  return admission;
}

describe('EndpointGate', () => {
  it('admits up to the concurrency limit, then queues briefly and admits when a slot frees', async () => {
    const gate = new EndpointGate(limits, circuit);
    const first = admitted(await gate.acquire());
    admitted(await gate.acquire());
    const waiting = gate.acquire();
    expect(gate.waiting).toBe(1);
    first.release('healthy');
    expect((await waiting).kind).toBe('admitted');
  });

  it('postpones (no attempt) a delivery that would wait longer than allowed, or behind too many others', async () => {
    const gate = new EndpointGate(limits, circuit);
    await gate.acquire();
    await gate.acquire();
    const queued = [gate.acquire(), gate.acquire()];
    expect(await gate.acquire()).toMatchObject({ kind: 'postponed', reason: 'saturated' });
    expect(await Promise.all(queued)).toEqual([
      expect.objectContaining({ kind: 'postponed', reason: 'saturated' }),
      expect.objectContaining({ kind: 'postponed', reason: 'saturated' }),
    ]);
  });

  it('postpones at once when the oldest request has been open longer than anyone may wait', async () => {
    let now = 0;
    const gate = new EndpointGate({ ...limits, maxQueueWaitMs: 1_000 }, circuit, () => now);
    await gate.acquire();
    await gate.acquire();
    now = 5_000;
    expect(await gate.acquire()).toMatchObject({ kind: 'postponed', reason: 'saturated' });
  });

  it('queues (does not turn away) work for a busy endpoint whose old requests are slow but that keeps answering', async () => {
    let now = 0;
    const gate = new EndpointGate({ ...limits, maxQueueWaitMs: 1_000 }, circuit, () => now);
    const first = admitted(await gate.acquire());
    admitted(await gate.acquire());
    now = 5_000;
    first.release('healthy');
    admitted(await gate.acquire());
    now = 5_500;
    // Every slot is taken and the oldest request is 5.5 s old, but an attempt finished 0.5 s ago.
    const queued = gate.acquire();
    expect(gate.waiting).toBe(1);
    now = 6_600;
    // Nothing finished for longer than anyone may wait: stuck, so the next one is postponed at once.
    expect(await gate.acquire()).toMatchObject({ kind: 'postponed', reason: 'saturated' });
    expect(await queued).toMatchObject({ kind: 'postponed', reason: 'saturated' });
  });

  it('does not take timed-out attempts for answers: a hanging endpoint stays stuck as they end', async () => {
    let now = 0;
    const gate = new EndpointGate({ ...limits, maxQueueWaitMs: 1_000 }, circuit, () => now);
    const first = admitted(await gate.acquire());
    admitted(await gate.acquire());
    now = 15_000;
    // The first attempt timed out (a failure): its slot frees, and the oldest still hangs.
    first.release('failing');
    admitted(await gate.acquire());
    const next = gate.acquire();
    expect(gate.waiting).toBe(0);
    expect(await next).toMatchObject({ kind: 'postponed', reason: 'saturated' });
  });

  it('opens the circuit after consecutive failures: waiters and new work go to the retry tier at once', async () => {
    let now = 0;
    const gate = new EndpointGate({ ...limits, maxQueueWaitMs: 10_000 }, circuit, () => now);
    const a = admitted(await gate.acquire());
    const b = admitted(await gate.acquire());
    const first = gate.acquire();
    const second = gate.acquire();
    a.release('failing');
    // One failure is below the threshold: the freed slot goes to the first waiter.
    admitted(await first);
    b.release('failing');
    expect(await second).toEqual({ kind: 'circuit-open', retryAt: 60_000 });
    expect(await gate.acquire()).toEqual({ kind: 'circuit-open', retryAt: 60_000 });
    now = 60_000;
    const probe = admitted(await gate.acquire());
    expect((await gate.acquire()).kind).toBe('circuit-open');
    probe.release('healthy');
    expect((await gate.acquire()).kind).toBe('admitted');
  });

  it('does not count 4xx answers against the circuit', async () => {
    const gate = new EndpointGate(limits, circuit);
    for (let i = 0; i < 5; i++) admitted(await gate.acquire()).release('neutral');
    expect((await gate.acquire()).kind).toBe('admitted');
  });

  it('applies the endpoint’s rate limit: short waits inline, longer ones postponed with the time to wait', async () => {
    let now = 0;
    const gate = new EndpointGate({ ...limits, concurrency: 100, maxQueueWaitMs: 50 }, circuit, () => now);
    gate.setRateLimit(2);
    admitted(await gate.acquire()).release('healthy');
    admitted(await gate.acquire()).release('healthy');
    expect(await gate.acquire()).toEqual({ kind: 'postponed', reason: 'rate_limited', retryInMs: 500 });
    now = 490;
    const started = Date.now();
    admitted(await gate.acquire());
    expect(Date.now() - started).toBeGreaterThanOrEqual(5);
    gate.setRateLimit(null);
    admitted(await gate.acquire());
  });
});

import { EndpointGate, type Admission } from './endpoint-gate';

const limits = {
  concurrency: 2,
  maxQueueWaitMs: 1_000,
  maxWaiters: 4,
  stuckAfterMs: 250,
  attemptTimeoutMs: 5_000,
};
const circuit = { failureThreshold: 2, openMs: 60_000 };

function admitted(admission: Admission): Extract<Admission, { kind: 'admitted' }> {
  if (admission.kind !== 'admitted') throw new Error(`expected admitted, got ${admission.kind}`);
  return admission;
}

describe('EndpointGate', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('admits up to the concurrency limit, then queues and admits when a slot frees', async () => {
    const gate = new EndpointGate(limits, circuit);
    const first = admitted(await gate.acquire());
    admitted(await gate.acquire());
    const waiting = gate.acquire();
    expect(gate.waiting).toBe(1);
    first.release('healthy');
    expect((await waiting).kind).toBe('admitted');
  });

  it('postpones (no attempt) a delivery behind too many others', async () => {
    const gate = new EndpointGate({ ...limits, maxWaiters: 2 }, circuit);
    await gate.acquire();
    await gate.acquire();
    void gate.acquire();
    void gate.acquire();
    expect(await gate.acquire()).toEqual({ kind: 'postponed', reason: 'saturated', retryInMs: 1_000 });
  });

  it("postpones a delivery whose predicted wait, from the endpoint's response time, is too long", async () => {
    const gate = new EndpointGate(limits, circuit);
    const slow = admitted(await gate.acquire());
    jest.advanceTimersByTime(600);
    slow.release('healthy');
    admitted(await gate.acquire());
    admitted(await gate.acquire());
    // Slots free in pairs, 600 ms apart: two waiters are served within 600 ms, a third would need 1,200.
    void gate.acquire();
    void gate.acquire();
    expect(await gate.acquire()).toMatchObject({ kind: 'postponed', reason: 'saturated' });
    expect(gate.waiting).toBe(2);
  });

  it('keeps waiting for a fast endpoint that is merely busy, however long our own backlog makes that', async () => {
    const gate = new EndpointGate({ ...limits, maxWaiters: 12 }, circuit);
    let held = [admitted(await gate.acquire()), admitted(await gate.acquire())];
    const queued = Array.from({ length: 12 }, () => gate.acquire());
    // Each answer takes 10 ms, but our side only gets round to the next ones every 250 ms: 1.5 s in all.
    for (let round = 0; round < 6; round++) {
      jest.advanceTimersByTime(10);
      for (const admission of held) admission.release('healthy');
      held = (await Promise.all(queued.splice(0, 2))).map(admitted);
      jest.advanceTimersByTime(240);
    }
    expect(Date.now()).toBeGreaterThan(limits.maxQueueWaitMs);
    expect(gate.waiting).toBe(0);
  });

  it('takes a receiver that stops answering for stuck: its queue and new work are postponed', async () => {
    const gate = new EndpointGate(limits, circuit);
    await gate.acquire();
    await gate.acquire();
    const queued = gate.acquire();
    expect(gate.waiting).toBe(1);
    jest.advanceTimersByTime(251);
    expect(await queued).toEqual({ kind: 'postponed', reason: 'saturated', retryInMs: 1_000 });
    expect(await gate.acquire()).toEqual({ kind: 'postponed', reason: 'saturated', retryInMs: 1_000 });
    expect(gate.waiting).toBe(0);
  });

  it('does not take timed-out attempts for answers: a hanging endpoint stays stuck as they end', async () => {
    const gate = new EndpointGate(limits, circuit);
    const first = admitted(await gate.acquire());
    admitted(await gate.acquire());
    jest.advanceTimersByTime(300);
    // The first attempt timed out (a failure): its slot frees, the second still hangs.
    first.release('failing');
    admitted(await gate.acquire());
    // Four response times (1,200 ms) with no answer: stuck.
    jest.advanceTimersByTime(1_201);
    expect(await gate.acquire()).toMatchObject({ kind: 'postponed', reason: 'saturated' });
  });

  it('trims the queue to what a receiver that slowed down serves in time', async () => {
    const gate = new EndpointGate(limits, circuit);
    const priming = admitted(await gate.acquire());
    jest.advanceTimersByTime(400);
    priming.release('healthy'); // response time 400 ms
    admitted(await gate.acquire());
    const slower = admitted(await gate.acquire());
    const queued = Array.from({ length: 4 }, () => gate.acquire()); // served in 400, 400, 800, 800 ms
    expect(gate.waiting).toBe(4);
    jest.advanceTimersByTime(1_000);
    slower.release('healthy'); // 1 s: the estimate rises to 400 + 0.2 · 600 = 520 ms
    admitted(await queued[0]);
    // At the review, three wait: the last would be served in 2 · 520 = 1,040 ms, past the limit.
    jest.advanceTimersByTime(601);
    expect(await queued[3]).toMatchObject({ kind: 'postponed', reason: 'saturated' });
    expect(gate.waiting).toBe(2);
  });

  it('opens the circuit after consecutive failures: waiters and new work go to the retry tier at once', async () => {
    const gate = new EndpointGate({ ...limits, maxQueueWaitMs: 10_000 }, circuit);
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
    jest.setSystemTime(60_000);
    const probe = admitted(await gate.acquire());
    // While the probe is out, work comes back once it has its answer (the timeout at the latest), not at once.
    jest.setSystemTime(61_000);
    expect(await gate.acquire()).toEqual({ kind: 'circuit-open', retryAt: 65_000 });
    probe.release('healthy');
    expect((await gate.acquire()).kind).toBe('admitted');
  });

  it('reopens the circuit when the probe fails: work then waits for the next open period', async () => {
    const gate = new EndpointGate(limits, circuit);
    admitted(await gate.acquire()).release('failing');
    admitted(await gate.acquire()).release('failing');
    jest.setSystemTime(60_000);
    const probe = admitted(await gate.acquire());
    jest.setSystemTime(65_000);
    probe.release('failing'); // timed out
    expect(await gate.acquire()).toEqual({ kind: 'circuit-open', retryAt: 125_000 });
  });

  it('does not count 4xx answers against the circuit', async () => {
    const gate = new EndpointGate(limits, circuit);
    for (let i = 0; i < 5; i++) admitted(await gate.acquire()).release('neutral');
    expect((await gate.acquire()).kind).toBe('admitted');
  });

  it('applies the endpoint’s rate limit: short waits inline, longer ones postponed with the time to wait', async () => {
    const gate = new EndpointGate({ ...limits, concurrency: 100, maxQueueWaitMs: 50 }, circuit);
    gate.setRateLimit(2);
    admitted(await gate.acquire()).release('healthy');
    expect(await gate.acquire()).toEqual({ kind: 'postponed', reason: 'rate_limited', retryInMs: 500 });
    jest.setSystemTime(490);
    const waiting = gate.acquire();
    await jest.advanceTimersByTimeAsync(20);
    admitted(await waiting);
    gate.setRateLimit(null);
    admitted(await gate.acquire());
  });

  it('lets each waiter through on its own token, never two on one', async () => {
    const gate = new EndpointGate({ ...limits, concurrency: 100, maxQueueWaitMs: 1_000 }, circuit);
    gate.setRateLimit(10);
    const admittedAt: number[] = [];
    const waiting = [0, 1, 2, 3].map(() =>
      gate.acquire().then((admission) => {
        admittedAt.push(Date.now());
        admitted(admission).release('healthy');
      }),
    );
    await jest.advanceTimersByTimeAsync(1_000);
    await Promise.all(waiting);
    expect(admittedAt).toEqual([0, 100, 200, 300]);
  });
});

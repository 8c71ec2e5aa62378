import { DEFAULT_RESTART_POLICY, decideRestart, type RestartPolicy } from './restart-policy';

const policy: RestartPolicy = {
  initialDelayMs: 100,
  factor: 2,
  maxDelayMs: 500,
  stableAfterMs: 10_000,
  maxAttempts: 5,
};

/** Feeds `crashes` quick crashes (each run `ranMs` long) through the policy, as the supervisor would. */
function crashLoop(count: number, ranMs = 50) {
  const decisions = [];
  let attempt = 0;
  for (let i = 0; i < count; i += 1) {
    const decision = decideRestart(policy, attempt, ranMs);
    decisions.push(decision);
    if (decision.action === 'give-up') break;
    attempt = decision.attempt;
  }
  return decisions;
}

describe('decideRestart', () => {
  it('doubles the delay on each quick crash and caps it at maxDelayMs', () => {
    expect(crashLoop(5).map((d) => (d.action === 'restart' ? d.delayMs : d.action))).toEqual([
      100, 200, 400, 500, 500,
    ]);
  });

  it('numbers the attempts of one crash loop 1..maxAttempts', () => {
    expect(crashLoop(5).map((d) => (d.action === 'restart' ? d.attempt : 0))).toEqual([1, 2, 3, 4, 5]);
  });

  it('gives up on the quick crash after maxAttempts restarts, saying how many it made', () => {
    const decisions = crashLoop(10);
    expect(decisions).toHaveLength(6);
    expect(decisions[5]).toEqual({ action: 'give-up', attempts: 5 });
  });

  it('treats a process that never became ready (ran 0 ms) as a quick crash', () => {
    expect(decideRestart(policy, 3, 0)).toEqual({ action: 'restart', attempt: 4, delayMs: 500 });
  });

  it('starts counting again after a process that stayed up for stableAfterMs', () => {
    expect(decideRestart(policy, 5, 10_000)).toEqual({ action: 'restart', attempt: 1, delayMs: 100 });
    expect(decideRestart(policy, 5, 9_999)).toEqual({ action: 'give-up', attempts: 5 });
  });

  it('gives up within a minute of quick crashes by default', () => {
    let attempt = 0;
    let waitedMs = 0;
    for (;;) {
      const decision = decideRestart(DEFAULT_RESTART_POLICY, attempt, 0);
      if (decision.action === 'give-up') break;
      waitedMs += decision.delayMs;
      attempt = decision.attempt;
    }
    expect(attempt).toBe(DEFAULT_RESTART_POLICY.maxAttempts);
    expect(waitedMs).toBeLessThanOrEqual(60_000);
  });
});

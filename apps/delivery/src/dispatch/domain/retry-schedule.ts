/**
 * When attempts happen. `delaysMs[i]` is the wait before attempt `i + 1`; the first is always 0 (the attempt
 * made when the event arrives). A failed attempt `n` is retried after `delaysMs[n]`, jittered; after the last
 * one the delivery is dead-lettered.
 */
export interface RetryPolicy {
  delaysMs: readonly number[];
  /** Fraction of a delay added or removed at random (0.1 = ±10%), so retries of a burst spread out. */
  jitter: number;
  /** The longest `Retry-After` honoured; a receiver cannot park a delivery longer than this. */
  retryAfterMaxMs: number;
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0`, `250ms`, `5s`, `5m`, `2h`, `1d` → milliseconds; undefined when it is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  if (value !== 0 && match[2] === undefined) return undefined;
  return value * UNIT_MS[match[2] ?? 'ms'];
}

/** Parses `DELIVERY_RETRY_SCHEDULE` (`0,5s,5m,…`); throws with the reason when it is not a valid schedule. */
export function parseRetrySchedule(text: string): number[] {
  const delays = text.split(',').map((part) => {
    const delay = parseDuration(part);
    if (delay === undefined)
      throw new Error(`"${part.trim()}" is not a duration (e.g. 0, 500ms, 5s, 5m, 2h)`);
    return delay;
  });
  if (delays[0] !== 0) throw new Error('the first attempt is immediate: the schedule must start with 0');
  if (delays.length > 30) throw new Error('at most 30 attempts');
  if (delays.some((delay) => delay > 7 * UNIT_MS.d)) throw new Error('no delay may exceed 7 days');
  return delays;
}

/** `5000` → `5s`, `300000` → `5m`, `250` → `250ms`: the suffix of a retry tier's topic. */
export function tierName(delayMs: number): string {
  for (const [unit, size] of [
    ['d', UNIT_MS.d],
    ['h', UNIT_MS.h],
    ['m', UNIT_MS.m],
    ['s', UNIT_MS.s],
  ] as const) {
    if (delayMs > 0 && delayMs % size === 0) return `${delayMs / size}${unit}`;
  }
  return delayMs === 0 ? '0s' : `${delayMs}ms`;
}

/**
 * The delay tiers, each a topic: every retry delay of the schedule, plus `0s`, the lane for work that is due
 * at once (resends, replays, recoveries, immediate retries).
 */
export function retryTiers(policy: Pick<RetryPolicy, 'delaysMs'>): number[] {
  return [...new Set([0, ...policy.delaysMs.slice(1)])].sort((a, b) => a - b);
}

/**
 * The tier that holds a delivery due in `delayMs`: the shortest one whose (jittered) delay covers it. A tier
 * processes in order, so a message never waits there longer than the tier's own delay after it was written.
 */
export function tierFor(delayMs: number, tiers: readonly number[], jitter: number): number {
  return tiers.find((tier) => tier * (1 + jitter) >= delayMs) ?? tiers[tiers.length - 1];
}

/** The jittered wait before the attempt after `attemptMade`, or undefined when the schedule is exhausted. */
export function delayAfterAttempt(
  policy: RetryPolicy,
  attemptMade: number,
  random: () => number = Math.random,
): number | undefined {
  const nominal = policy.delaysMs[attemptMade];
  if (nominal === undefined) return undefined;
  return Math.round(nominal * (1 + (random() * 2 - 1) * policy.jitter));
}

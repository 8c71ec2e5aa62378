/**
 * When `npm start` restarts a service that died, and when it stops trying. Pure: the supervisor feeds it
 * how long the process ran and gets back what to do.
 */
export interface RestartPolicy {
  /** Delay before the first restart of a run of crashes. */
  initialDelayMs: number;
  /** Each further quick crash multiplies the delay by this. */
  factor: number;
  /** The delay never grows past this. */
  maxDelayMs: number;
  /** A process that ran at least this long before it died was healthy: its crash starts a new run. */
  stableAfterMs: number;
  /** Restarts in one run of quick crashes; the next quick crash gives up. */
  maxAttempts: number;
}

/** 1, 2, 4, 8, 16 s: five tries within about half a minute, then give up (the service cannot start). */
export const DEFAULT_RESTART_POLICY: RestartPolicy = {
  initialDelayMs: 1_000,
  factor: 2,
  maxDelayMs: 30_000,
  stableAfterMs: 60_000,
  maxAttempts: 5,
};

export type RestartDecision =
  { action: 'restart'; attempt: number; delayMs: number } | { action: 'give-up'; attempts: number };

/**
 * What to do after a crash. `previousAttempt` is the attempt number of the restart that started the process
 * that just died (0 for the first process); `ranMs` how long it ran (0 when it never became ready).
 */
export function decideRestart(
  policy: RestartPolicy,
  previousAttempt: number,
  ranMs: number,
): RestartDecision {
  // A process that stayed up for a while was not part of a crash loop: count from the start again.
  const attempt = ranMs >= policy.stableAfterMs ? 1 : previousAttempt + 1;
  if (attempt > policy.maxAttempts) return { action: 'give-up', attempts: previousAttempt };
  const delayMs = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** (attempt - 1));
  return { action: 'restart', attempt, delayMs };
}

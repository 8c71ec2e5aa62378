/** A fixed window of a per-minute quota: counts start from 0 at each whole minute (UTC). */
export interface QuotaWindow {
  start: Date;
  /** When this window ends and the next begins. */
  resetsAt: Date;
}

export const MINUTE_MS = 60_000;

/**
 * The window `now` falls in. Fixed windows, not sliding ones: one counter row per quota and minute is all the
 * state there is, shared by every replica through Postgres; the price is that a client can spend a whole
 * limit at the end of one minute and another at the start of the next.
 */
export function quotaWindow(now: Date, lengthMs: number = MINUTE_MS): QuotaWindow {
  const start = Math.floor(now.getTime() / lengthMs) * lengthMs;
  return { start: new Date(start), resetsAt: new Date(start + lengthMs) };
}

import type { HooklineEvent } from '@hookline/contracts';

/** The JSON a receiver gets: the canonical envelope, without Hookline's internal routing attribute. */
export function webhookBody(event: HooklineEvent): string {
  if (event.targetendpointid === undefined) return JSON.stringify(event);
  const visible: Partial<HooklineEvent> = { ...event };
  delete visible.targetendpointid;
  return JSON.stringify(visible);
}

import type { HooklineEvent } from '@hookline/contracts';

export interface RouteEventCommand {
  event: HooklineEvent;
  /** Where the event sits on `hookline.events.v1` (carried by its tasks, so resends can read it back). */
  position: { partition: number; offset: string };
}

import { LIFECYCLE_ACTIONS, type LifecycleAction } from '@hookline/contracts';

export interface BuiltInEventType {
  type: string;
  description: string;
}

const ACTION_MEANINGS: Record<LifecycleAction, string> = {
  created: 'the entity was created; data is its snapshot',
  updated: 'the entity changed; data carries the changed fields (and their previous values when given)',
  deleted: 'the entity was soft-deleted (it can be restored)',
  restored: 'a soft-deleted entity was restored',
  deleted_forever: 'the entity was purged; data is the snapshot taken before the purge',
};

/** The actions every entity type has (`<entity>.<action>`); tenants may add custom actions by registering types. */
export const LIFECYCLE_ACTION_CATALOGUE = LIFECYCLE_ACTIONS.map((action) => ({
  action,
  description: ACTION_MEANINGS[action],
}));

/** Types Hookline itself emits to tenants; they cannot be registered over. */
export const BUILT_IN_EVENT_TYPES: readonly BuiltInEventType[] = [
  { type: 'endpoint.created', description: 'An endpoint was registered' },
  { type: 'endpoint.updated', description: 'An endpoint’s settings or signing secret changed' },
  { type: 'endpoint.deleted', description: 'An endpoint was deleted' },
  { type: 'endpoint.enabled', description: 'An endpoint was enabled' },
  {
    type: 'endpoint.disabled',
    description: 'An endpoint was disabled, by the tenant or by Hookline (with the reason)',
  },
  {
    type: 'endpoint.failing',
    description: 'Deliveries to an endpoint have been failing; it may be disabled',
  },
  { type: 'endpoint.recovered', description: 'A failing endpoint is receiving again' },
  {
    type: 'webhook.endpoint.verification',
    description:
      'A challenge sent to one endpoint to prove it is reachable and answers (echo data.challenge)',
  },
];

export function isBuiltInEventType(type: string): boolean {
  return BUILT_IN_EVENT_TYPES.some((builtIn) => builtIn.type === type);
}

/**
 * The canonical event on `hookline.events.v1`: CloudEvents 1.0 attributes in JSON structured mode.
 * `tenantid` is a CloudEvents extension attribute; batch expansion adds `batchid`, `batchindex`, `batchsize`.
 */
export interface HooklineEvent<TData extends object = Record<string, unknown>> {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  subject: string;
  time: string;
  tenantid: string;
  datacontenttype: 'application/json';
  data: TData;
  batchid?: string;
  batchindex?: number;
  batchsize?: number;
  /**
   * Internal: deliver to this one endpoint of the tenant only, whatever its filters (test events, resends).
   * Set by Hookline's own services, never needed by upstream systems.
   */
  targetendpointid?: string;
}

export const LIFECYCLE_ACTIONS = ['created', 'updated', 'deleted', 'restored', 'deleted_forever'] as const;
export type LifecycleAction = (typeof LIFECYCLE_ACTIONS)[number];

export const EVENT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._:~@/+=-]{0,127}$';
export const TENANT_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$';
/** `<entity>.<action>`; the entity may itself be dotted (`webhook.endpoint.verification`). */
export const EVENT_TYPE_PATTERN = '^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$';

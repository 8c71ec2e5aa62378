import type { EndpointRecord } from '@hookline/contracts';
import type { DeliveryTask } from '../../domain/delivery-task';

export interface DeliverToEndpointCommand {
  task: DeliveryTask;
  /** The endpoint's current state (url, secrets, limits) from the routing table. */
  endpoint: EndpointRecord;
  incomingTraceparent?: string;
}

/**
 * Bounds that keep every `hookline.event-routing.v1` record inside Kafka's record limit however many
 * endpoints a tenant has. Skipped endpoints are listed up to a fixed number, the rest only counted; matched
 * ones are all listed (a trace needs their webhook ids), so the subscription API refuses an endpoint that
 * would let one event match more than a record can list.
 */

/** Skipped endpoints listed by name in one routing record; the rest are counted in `skippedOmitted`. */
export const MAX_LISTED_SKIPPED_ENDPOINTS = 100;

/**
 * The most one matched entry takes: `{"endpointId":"ep_<22>","webhookId":"msg_<27>"},` is 89 bytes, rounded
 * up for endpoint ids of other forms.
 */
const MATCHED_ENTRY_MAX_BYTES = 96;
/** Everything else: ids, type, subject, timestamps, the listed skipped endpoints, headers and batch framing. */
const ROUTING_RECORD_BASE_BYTES = 16 * 1024;

/** How many endpoints one event may match and still have all of them listed in its routing record. */
export function routingRecordEndpointCapacity(maxMessageBytes: number): number {
  return Math.max(1, Math.floor((maxMessageBytes - ROUTING_RECORD_BASE_BYTES) / MATCHED_ENTRY_MAX_BYTES));
}

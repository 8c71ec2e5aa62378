/**
 * How long the broker may hold a fetch open while a consumer's partitions have nothing new, for consumers
 * off the hot path (projections, attempt logs, replicas, retry tiers). Records still come back as soon as
 * they arrive (a fetch returns at its first byte), so this only sets how often an idle consumer wakes:
 * at 100 ms every such consumer fetched 10 times a second, 97 fetches/s for four idle services (issue 14).
 * Kept far below the session timeouts (6 s at least), because kafkajs heartbeats between fetches, and
 * short, because a partition resumed after a hold (a retry tier's task fell due) and a stopping consumer
 * wait for the fetch in flight.
 */
export const QUIET_CONSUMER_FETCH_WAIT_MS = 1_000;

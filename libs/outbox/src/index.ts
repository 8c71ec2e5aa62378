export { OUTBOX_AT_HEADER, appendToOutbox, outboxChannel } from './outbox-writer';
export { OutboxRelay } from './outbox-relay';
export type { OutboxRelayDependencies, OutboxRelayOptions, RelayPausePoint } from './outbox-relay';
export type { ExactlyOnceOptions } from './outbox-publishers';
export { OutboxRelayModule, OutboxRelayService } from './outbox-relay.module';
export { createOutboxParkedTableSql, dropOutboxParkedTableSql } from './outbox-parking.sql';
export { outboxParkedCounter } from './outbox-parking-metrics';

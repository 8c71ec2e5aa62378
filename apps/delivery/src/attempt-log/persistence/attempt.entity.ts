import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** One row per attempt (a projection of the outcomes topic). */
@Entity({ name: 'attempts' })
export class AttemptEntity {
  /** bigint, kept as a string. */
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'event_type', type: 'text' })
  eventType!: string;

  @Column({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId!: string;

  @Column({ type: 'integer' })
  attempt!: number;

  @Column({ type: 'text' })
  trigger!: string;

  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ type: 'text' })
  result!: 'succeeded' | 'failed';

  @Column({ name: 'status_code', type: 'integer', nullable: true })
  statusCode!: number | null;

  @Column({ name: 'error_class', type: 'text', nullable: true })
  errorClass!: string | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'response_body', type: 'text', nullable: true })
  responseBody!: string | null;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt!: Date | null;

  @Column({ type: 'boolean' })
  exhausted!: boolean;

  @Column({ name: 'event_partition', type: 'integer', nullable: true })
  eventPartition!: number | null;

  @Column({ name: 'event_offset', type: 'bigint', nullable: true })
  eventOffset!: string | null;

  @Column({ name: 'source_partition', type: 'integer' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint' })
  sourceOffset!: string;
}

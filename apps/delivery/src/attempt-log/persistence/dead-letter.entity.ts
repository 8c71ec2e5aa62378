import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { DeliveryTask } from '../../dispatch/domain/delivery-task';

/** A dead-lettered delivery with its whole task, until it is recovered. */
@Entity({ name: 'dead_letters' })
export class DeadLetterEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'webhook_id', type: 'text' })
  webhookId!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'jsonb' })
  task!: DeliveryTask;

  @Column({ name: 'dead_lettered_at', type: 'timestamptz' })
  deadLetteredAt!: Date;

  @Column({ name: 'recovered_at', type: 'timestamptz', nullable: true })
  recoveredAt!: Date | null;

  @Column({ name: 'source_partition', type: 'integer' })
  sourcePartition!: number;

  @Column({ name: 'source_offset', type: 'bigint' })
  sourceOffset!: string;
}

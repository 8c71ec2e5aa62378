import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'ingested_events' })
export class IngestedEventEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ name: 'event_id', type: 'text' })
  eventId!: string;

  @Column({ name: 'accepted_at', type: 'timestamptz' })
  acceptedAt!: Date;
}

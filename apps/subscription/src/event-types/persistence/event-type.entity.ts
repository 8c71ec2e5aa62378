import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'event_types' })
export class EventTypeEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @PrimaryColumn({ type: 'text' })
  type!: string;

  @Column({ type: 'text' })
  description!: string;

  /** JSON Schema for the event's `data`, already proven to compile; null accepts any object. */
  @Column({ type: 'jsonb', nullable: true })
  schema!: Record<string, unknown> | null;

  @Column({ type: 'boolean' })
  archived!: boolean;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

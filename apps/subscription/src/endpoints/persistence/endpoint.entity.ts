import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'endpoints' })
export class EndpointEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  url!: string;

  @Column({ type: 'text' })
  description!: string;

  @Column({ name: 'event_types', type: 'text', array: true })
  eventTypes!: string[];

  @Column({ name: 'entity_types', type: 'text', array: true })
  entityTypes!: string[];

  @Column({ type: 'jsonb' })
  headers!: Record<string, string>;

  @Column({ name: 'rate_limit_per_second', type: 'integer', nullable: true })
  rateLimitPerSecond!: number | null;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'verification_status', type: 'text' })
  verificationStatus!: 'unverified' | 'verified' | 'failed';

  @Column({ name: 'verification_checked_at', type: 'timestamptz', nullable: true })
  verificationCheckedAt!: Date | null;

  /** Why the last verification failed (never the challenge or a secret). */
  @Column({ name: 'verification_error', type: 'text', nullable: true })
  verificationError!: string | null;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

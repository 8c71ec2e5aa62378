import { Column, Entity, PrimaryColumn } from 'typeorm';

export type ReplayStatus = 'running' | 'completed' | 'failed';

/** A replay of an endpoint's events of a time range: its progress while it reads `hookline.events.v1`. */
@Entity({ name: 'replays' })
export class ReplayEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ type: 'timestamptz' })
  since!: Date;

  @Column({ type: 'timestamptz' })
  until!: Date;

  @Column({ type: 'text' })
  status!: ReplayStatus;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  scanned!: number;

  @Column({ type: 'bigint', transformer: { to: (v: number) => v, from: (v: string) => Number(v) } })
  enqueued!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  /** The process running the replay while its lease holds (see ReplaysRepository). */
  @Column({ name: 'lease_owner', type: 'text', nullable: true })
  leaseOwner!: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  /** Per partition, the next offset to read: what a resuming process starts from. */
  @Column({ type: 'jsonb' })
  checkpoint!: ReplayCheckpoint;

  /** How many times a process took the replay over after its owner's lease lapsed. */
  @Column({ type: 'integer' })
  resumes!: number;
}

/** Partition number (as a string key) to the next offset to read. */
export type ReplayCheckpoint = Record<string, string>;

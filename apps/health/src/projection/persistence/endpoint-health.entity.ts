import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EndpointState } from '../domain/endpoint-health-state';

const bigintAsNumber = { to: (value: number) => value, from: (value: string) => Number(value) };

@Entity({ name: 'endpoint_health' })
export class EndpointHealthEntity {
  @PrimaryColumn({ name: 'endpoint_id', type: 'text' })
  endpointId!: string;

  @Column({ name: 'tenant_id', type: 'text' })
  tenantId!: string;

  @Column({ type: 'text' })
  state!: EndpointState;

  @Column({ name: 'last_success_at', type: 'timestamptz', nullable: true })
  lastSuccessAt!: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz', nullable: true })
  lastFailureAt!: Date | null;

  @Column({ name: 'last_attempt_at', type: 'timestamptz', nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_status', type: 'integer', nullable: true })
  lastStatus!: number | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'last_error_class', type: 'text', nullable: true })
  lastErrorClass!: string | null;

  @Column({ name: 'consecutive_failures', type: 'integer' })
  consecutiveFailures!: number;

  @Column({ name: 'failure_streak_started_at', type: 'timestamptz', nullable: true })
  failureStreakStartedAt!: Date | null;

  @Column({ name: 'attempts_total', type: 'bigint', transformer: bigintAsNumber })
  attemptsTotal!: number;

  @Column({ name: 'successes_total', type: 'bigint', transformer: bigintAsNumber })
  successesTotal!: number;

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ type: 'boolean' })
  deleted!: boolean;

  @Column({ name: 'disabled_reason', type: 'text', nullable: true })
  disabledReason!: string | null;

  @Column({ name: 'endpoint_created_at', type: 'timestamptz', nullable: true })
  endpointCreatedAt!: Date | null;

  @Column({ name: 'failures_reset_at', type: 'timestamptz', nullable: true })
  failuresResetAt!: Date | null;

  @Column({ name: 'retired_at', type: 'timestamptz', nullable: true })
  retiredAt!: Date | null;

  @Column({ name: 'retired_reason', type: 'text', nullable: true })
  retiredReason!: string | null;
}

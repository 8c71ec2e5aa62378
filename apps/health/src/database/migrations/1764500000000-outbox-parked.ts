import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxParkedTableSql, dropOutboxParkedTableSql } from '@hookline/outbox';

/** Where the outbox relay parks rows Kafka can never take (too large), so the rows behind them keep flowing. */
export class HealthOutboxParked1764500000000 implements MigrationInterface {
  name = 'HealthOutboxParked1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createOutboxParkedTableSql('health'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropOutboxParkedTableSql('health'));
  }
}

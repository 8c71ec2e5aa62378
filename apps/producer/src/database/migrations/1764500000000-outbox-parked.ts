import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createOutboxParkedTableSql, dropOutboxParkedTableSql } from '@hookline/outbox';

/** Where the outbox relay parks rows Kafka can never take (too large), so the rows behind them keep flowing. */
export class ProducerOutboxParked1764500000000 implements MigrationInterface {
  name = 'ProducerOutboxParked1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(createOutboxParkedTableSql('producer'));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(dropOutboxParkedTableSql('producer'));
  }
}

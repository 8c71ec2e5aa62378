import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateIngestOffsets1764100000000 implements MigrationInterface {
  name = 'CreateIngestOffsets1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The next ingest-topic offset per partition, written in the transaction that accepted the records
    // before it: a redelivered record is skipped, so the Kafka ingest path is exactly-once too.
    await queryRunner.query(`
      CREATE TABLE producer.ingest_offsets (
        topic       text    NOT NULL,
        partition   integer NOT NULL,
        next_offset bigint  NOT NULL,
        PRIMARY KEY (topic, partition)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE producer.ingest_offsets');
  }
}

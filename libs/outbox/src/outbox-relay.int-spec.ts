import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { KafkaMessage } from 'kafkajs';
import { register } from 'prom-client';
import { ensureTopics, KafkaPublisher } from '@hookline/kafka';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { createOutboxParkedTableSql } from './outbox-parking.sql';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';
import { appendToOutbox } from './outbox-writer';

describe('outbox (real Postgres and Kafka)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let testKafka: TestKafka;
  let publisher: KafkaPublisher;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: database.url }).initialize();
    for (const schema of ['svc', 'eos']) {
      await dataSource.query(`CREATE SCHEMA ${schema}`);
      await dataSource.query(
        `CREATE TABLE ${schema}.outbox (id bigserial PRIMARY KEY, topic text NOT NULL, key text, value text,
          headers jsonb NOT NULL DEFAULT '{}'::jsonb, created_at timestamptz NOT NULL DEFAULT now())`,
      );
      await dataSource.query(createOutboxParkedTableSql(schema));
    }
    testKafka = await createTestKafka();
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
  });

  afterAll(async () => {
    await Promise.all(relays.map((relay) => relay.stop()));
    await publisher.disconnect();
    await dataSource.destroy();
    await database.drop();
  });

  const startRelay = async (options: Partial<OutboxRelayOptions> = {}) => {
    const relay = new OutboxRelay(
      { dataSource, publisher, kafka: testKafka.kafka, logger: testKafka.logger },
      {
        schema: 'svc',
        databaseUrl: database.url,
        databaseSsl: false,
        batchSize: 100,
        pollIntervalMs: 5_000,
        ...options,
      },
    );
    relays.push(relay);
    await relay.start();
    return relay;
  };

  const record = (topic: string, i: number) => ({
    topic,
    key: `entity-${i % 3}`,
    value: JSON.stringify({ i }),
  });
  const numbers = (records: KafkaMessage[]) =>
    records.map((r) => (JSON.parse(r.value!.toString()) as { i: number }).i);

  describe('at-least-once (the default)', () => {
    let relay: OutboxRelay;
    beforeAll(async () => (relay = await startRelay()));

    it('publishes committed rows in order, woken by NOTIFY rather than the 5 s poll, and empties the outbox', async () => {
      const started = Date.now();
      const topic = testKafka.topics.events;
      await dataSource.transaction((manager) =>
        appendToOutbox(
          manager,
          'svc',
          Array.from({ length: 250 }, (_, i) => ({ topic, key: 'entity-1', value: JSON.stringify({ i }) })),
        ),
      );
      const records = await testKafka.readTopic(topic, 250);
      expect(numbers(records)).toEqual(Array.from({ length: 250 }, (_, i) => i));
      expect(Date.now() - started).toBeLessThan(5_000);
      await waitFor(async () => (await relay.backlog()) === 0, { what: 'an empty outbox' });
    });

    it('publishes nothing from a transaction that rolled back', async () => {
      const topic = testKafka.topics.ingestDeadLetter;
      await expect(
        dataSource.transaction(async (manager) => {
          await appendToOutbox(manager, 'svc', [record(topic, 999)]);
          throw new Error('business rule failed');
        }),
      ).rejects.toThrow('business rule failed');
      await dataSource.transaction((manager) => appendToOutbox(manager, 'svc', [record(topic, 1000)]));
      const records = await testKafka.readTopic(topic, 1);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(numbers(records)).toEqual([1000]);
    });
  });

  const parkedRows = (schema: string) =>
    dataSource.query<Array<{ id: string; topic: string; reason: string }>>(
      `SELECT id::text AS id, topic, reason FROM ${schema}.outbox_parked ORDER BY id`,
    );
  const parkedCount = async (schema: string, reason: string) => {
    const metric = await register.getSingleMetric('hookline_outbox_parked_records_total')?.get();
    return metric?.values.find((v) => v.labels.schema === schema && v.labels.reason === reason)?.value ?? 0;
  };

  describe('rows Kafka can never take', () => {
    it('parks a row over max.message.bytes with its reason and keeps publishing the rows behind it', async () => {
      const relay = await startRelay({ pollIntervalMs: 200 });
      const topic = `${testKafka.namespace}parking`;
      await ensureTopics(testKafka.kafka, [{ topic, partitions: 1, replicationFactor: 1 }], testKafka.logger);
      const before = await parkedCount('svc', 'too_large');
      await dataSource.transaction((manager) =>
        appendToOutbox(manager, 'svc', [
          record(topic, 1),
          { topic, key: 'huge', value: JSON.stringify({ i: 2, blob: 'x'.repeat(1_100_000) }) },
          record(topic, 3),
        ]),
      );
      const records = await testKafka.readTopic(topic, 2);
      expect(numbers(records).sort()).toEqual([1, 3]);
      await waitFor(async () => (await relay.backlog()) === 0, { what: 'an empty outbox' });
      const parked = await parkedRows('svc');
      expect(parked).toHaveLength(1);
      expect(parked[0]).toMatchObject({ topic });
      expect(parked[0].reason).toMatch(/^record of \d+ bytes is over max.message.bytes 1048576 of /);
      expect(await parkedCount('svc', 'too_large')).toBe(before + 1);
      expect(await relay.parkedRows()).toBe(1);
      await relay.stop();
    });

    it("parks the one row the broker refuses (its topic's limit is below the setting) and publishes the others", async () => {
      const topic = `${testKafka.namespace}small-records`;
      await ensureTopics(
        testKafka.kafka,
        [{ topic, partitions: 1, replicationFactor: 1, configs: { 'max.message.bytes': '65536' } }],
        testKafka.logger,
      );
      await dataSource.query('DELETE FROM eos.outbox_parked');
      const relay = await startRelay({
        schema: 'eos',
        pollIntervalMs: 200,
        exactlyOnce: {
          transactionalId: `test-relay-${randomBytes(4).toString('hex')}`,
          progressTopic: testKafka.topics.outboxProgress,
          transactionTimeoutMs: 10_000,
        },
      });
      await dataSource.transaction((manager) =>
        appendToOutbox(manager, 'eos', [
          record(topic, 1),
          { topic, key: 'big', value: JSON.stringify({ i: 2, blob: 'y'.repeat(100_000) }) },
          record(topic, 3),
        ]),
      );
      const records = await testKafka.readTopic(topic, 2);
      expect(numbers(records)).toEqual([1, 3]);
      await waitFor(async () => (await relay.backlog()) === 0, { what: 'an empty outbox' });
      const parked = await parkedRows('eos');
      expect(parked.map((row) => row.reason)).toEqual([expect.stringMatching(/^refused by Kafka: /)]);
      await relay.stop();
    });
  });

  describe('exactly-once', () => {
    const eos = () => ({
      schema: 'eos',
      exactlyOnce: {
        transactionalId: `test-relay-${randomBytes(4).toString('hex')}`,
        progressTopic: testKafka.topics.outboxProgress,
        transactionTimeoutMs: 10_000,
      },
    });

    const terminateRelaySessions = () =>
      dataSource.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE application_name = 'eos-outbox-relay' AND datname = current_database()`,
      );

    it('publishes every row once, in order per key, through Kafka transactions', async () => {
      const options = eos();
      const relay = await startRelay(options);
      const topic = testKafka.topics.deliveryOutcomes;
      for (let chunk = 0; chunk < 5; chunk++) {
        await dataSource.transaction((manager) =>
          appendToOutbox(
            manager,
            'eos',
            Array.from({ length: 100 }, (_, i) => record(topic, chunk * 100 + i)),
          ),
        );
      }
      const records = await testKafka.readTopic(topic, 500);
      await waitFor(async () => (await relay.backlog()) === 0, { what: 'an empty outbox' });
      await new Promise((resolve) => setTimeout(resolve, 500));
      const seen = numbers(records);
      expect(new Set(seen).size).toBe(500);
      expect(seen).toHaveLength(500);
      for (const key of [0, 1, 2]) {
        const ofKey = seen.filter((i) => i % 3 === key);
        expect(ofKey).toEqual([...ofKey].sort((a, b) => a - b));
      }
      await relay.stop();
    });

    it('splits a batch of large events so that no request exceeds what Kafka accepts', async () => {
      const relay = await startRelay(eos());
      const topic = testKafka.topics.ingest;
      // Twelve 300 KB events of one key: a single record batch of 3.6 MB, which the broker would refuse.
      await dataSource.transaction((manager) =>
        appendToOutbox(
          manager,
          'eos',
          Array.from({ length: 12 }, (_, i) => ({
            topic,
            key: 'one-entity',
            value: JSON.stringify({ i, blob: 'x'.repeat(300_000) }),
          })),
        ),
      );
      const records = await testKafka.readTopic(topic, 12);
      expect(numbers(records)).toEqual(Array.from({ length: 12 }, (_, i) => i));
      await waitFor(async () => (await relay.backlog()) === 0, { what: 'an empty outbox' });
      await relay.stop();
    });

    it('does not publish again what a leader sent before it lost its session between Kafka commit and delete', async () => {
      const options = eos();
      const topic = testKafka.topics.eventRouting;
      const stalled = await startRelay({ ...options, testPause: { point: 'after-kafka-commit', ms: 4_000 } });
      await waitFor(() => stalled.isLeading, { what: 'the first relay to lead' });
      const standby = await startRelay({ ...options, pollIntervalMs: 200 });
      await dataSource.transaction((manager) =>
        appendToOutbox(
          manager,
          'eos',
          Array.from({ length: 60 }, (_, i) => record(topic, i)),
        ),
      );
      // The first batch is in Kafka and the leader now waits before deleting it: cut its session there.
      await testKafka.readTopic(topic, 60);
      await terminateRelaySessions();
      await waitFor(() => standby.isLeading, { what: 'the standby to take over' });
      await waitFor(async () => (await standby.backlog()) === 0, { what: 'an empty outbox' });
      await stalled.stop();
      await dataSource.transaction((manager) => appendToOutbox(manager, 'eos', [record(topic, 60)]));
      const records = await testKafka.readTopic(topic, 61);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const again = await testKafka.readTopic(topic, 61);
      expect(numbers(again).sort((a, b) => a - b)).toEqual(Array.from({ length: 61 }, (_, i) => i));
      expect(records.length).toBe(61);
      await standby.stop();
    });

    it('hides an uncommitted transaction from read_committed readers and publishes its rows once after a takeover', async () => {
      const options = eos();
      const topic = testKafka.topics.endpointHealth;
      const stalled = await startRelay({
        ...options,
        testPause: { point: 'before-kafka-commit', ms: 4_000 },
      });
      await waitFor(() => stalled.isLeading, { what: 'the first relay to lead' });
      await dataSource.transaction((manager) =>
        appendToOutbox(
          manager,
          'eos',
          Array.from({ length: 40 }, (_, i) => record(topic, i)),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      await terminateRelaySessions();
      const standby = await startRelay({ ...options, pollIntervalMs: 200 });
      await waitFor(() => standby.isLeading, { what: 'the standby to take over' });
      await waitFor(async () => (await standby.backlog()) === 0, { what: 'an empty outbox' });
      await stalled.stop();
      await dataSource.transaction((manager) => appendToOutbox(manager, 'eos', [record(topic, 40)]));
      await testKafka.readTopic(topic, 41);
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const seen = numbers(await testKafka.readTopic(topic, 41));
      expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 41 }, (_, i) => i));
      await standby.stop();
    });
  });
});

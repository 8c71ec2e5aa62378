import type { INestApplicationContext } from '@nestjs/common';
import { DeadLetterSink, KafkaPublisher } from '@hookline/kafka';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { startHealthApp } from '../../test/health-test-app';
import { TraceEventUseCase } from './usecases/trace-event/trace-event.usecase';

/**
 * A record the producer dead-letters (here through the same `DeadLetterSink` the producer's ingest consumer
 * uses) reaches the event trace: the tenant asking "what happened to my event?" reads
 * "dead-lettered: <reason>".
 */
describe('dead letters in the event trace (real Kafka, Postgres, health service)', () => {
  let testKafka: TestKafka;
  let database: TestDatabase;
  let app: INestApplicationContext;
  let publisher: KafkaPublisher;

  beforeAll(async () => {
    testKafka = await createTestKafka();
    database = await createTestDatabase();
    ({ app } = await startHealthApp(testKafka, database.url));
    publisher = new KafkaPublisher(testKafka.kafka, testKafka.logger);
    await publisher.connect();
  });

  afterAll(async () => {
    await publisher?.disconnect();
    await app?.close();
    await database?.drop();
  });

  it('says "dead-lettered: <reason>" for an ingest record the producer gave up on', async () => {
    const sink = new DeadLetterSink({
      topic: testKafka.topics.ingestDeadLetter,
      consumer: 'producer.ingest',
      publish: (records) => publisher.publish(records),
      logger: testKafka.logger,
    });
    const value = JSON.stringify({
      id: 'evt_bad',
      type: 'invoice.paid',
      tenant: 'ten_a',
      data: { amount: 'x' },
    });
    await sink.send({
      source: {
        topic: testKafka.topics.ingest,
        partition: 1,
        message: {
          key: Buffer.from('k'),
          value: Buffer.from(value),
          offset: '12',
          timestamp: '0',
          attributes: 0,
          headers: {},
        },
      },
      reason: 'data.amount: must be number',
      reasonClass: 'invalid',
      ids: { tenantId: 'ten_a', eventId: 'evt_bad' },
    });
    const traceEvent = app.get(TraceEventUseCase);
    const trace = await waitFor(() => traceEvent.execute('ten_a', 'evt_bad').catch(() => undefined), {
      what: 'the trace of the dead-lettered event',
      timeoutMs: 30_000,
    });
    expect(trace).toMatchObject({
      status: 'dead_lettered',
      summary: `dead-lettered: data.amount: must be number (producer.ingest, from ${testKafka.topics.ingest})`,
      deadLetters: [
        { consumer: 'producer.ingest', reasonClass: 'invalid', reason: 'data.amount: must be number' },
      ],
    });
    // Another tenant asking for the same event id learns nothing.
    await expect(traceEvent.execute('ten_b', 'evt_bad')).rejects.toThrow(/no record of event/);
  });
});

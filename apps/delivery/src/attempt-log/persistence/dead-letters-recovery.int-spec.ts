import type { DataSource } from 'typeorm';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { deliveryDatabase } from '../../database/delivery-database';
import type { DeliveryTask } from '../../dispatch/domain/delivery-task';
import { DeadLettersRepository } from './dead-letters.repository';

function deadLetter(n: number, endpointId = 'ep_1') {
  const task: DeliveryTask = {
    event: {
      specversion: '1.0',
      id: `evt_${n}`,
      source: '/s',
      type: 'customer.created',
      subject: 's',
      time: '2026-11-23T10:00:00.000Z',
      tenantid: 't1',
      datacontenttype: 'application/json',
      data: { n },
    },
    endpointId,
    webhookId: `msg_${n}`,
    attempt: 8,
    trigger: 'event',
    dueAt: '2026-11-23T10:00:00.000Z',
    history: [],
    deadLetter: { reason: 'retries exhausted after 8 attempts', at: '2026-11-23T12:00:00.000Z' },
  };
  return { partition: 0, offset: String(n), task };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('recovering dead letters from two replicas at once (real Postgres, SKIP LOCKED)', () => {
  let database: TestDatabase;
  let dataSources: DataSource[];
  let replicas: DeadLettersRepository[];

  beforeAll(async () => {
    database = await createTestDatabase();
    const options = serviceDataSourceOptions(
      deliveryDatabase,
      { url: database.url, ssl: false, poolSize: 2 },
      'test',
    );
    // Two pools, as two delivery processes have.
    dataSources = [await openServiceDataSource(options, true), await openServiceDataSource(options, false)];
    replicas = dataSources.map((dataSource) => new DeadLettersRepository(dataSource));
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  /** What RecoverEndpointUseCase does: chunks until nothing is left to take; the event ids it enqueued. */
  async function recoverAll(repository: DeadLettersRepository, endpointId: string): Promise<string[]> {
    const enqueued: string[] = [];
    for (;;) {
      const taken = await repository.recoverChunk(
        't1',
        endpointId,
        { limit: 50, at: new Date() },
        async (chunk) => {
          await pause(20); // a Kafka acknowledgement takes a while: the other replica runs meanwhile
          enqueued.push(...chunk.map((row) => row.eventId));
        },
      );
      if (taken === 0) return enqueued;
    }
  }

  it('enqueues every dead letter exactly once across two concurrent recoveries', async () => {
    await replicas[0].record(Array.from({ length: 1_000 }, (_, n) => deadLetter(n)));

    const [first, second] = await Promise.all([
      recoverAll(replicas[0], 'ep_1'),
      recoverAll(replicas[1], 'ep_1'),
    ]);

    const all = [...first, ...second];
    expect(new Set(all).size).toBe(1_000);
    expect(all).toHaveLength(1_000);
    // Both replicas took part (the test would prove nothing if one ran after the other).
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    expect(await replicas[0].pending('t1', 'ep_1', { limit: 10 })).toEqual([]);
  });

  it('leaves a chunk unrecovered when handing it on fails, for the next recovery', async () => {
    await replicas[0].record([deadLetter(5_000, 'ep_2'), deadLetter(5_001, 'ep_2')]);

    await expect(
      replicas[0].recoverChunk('t1', 'ep_2', { limit: 50, at: new Date() }, () =>
        Promise.reject(new Error('broker unavailable')),
      ),
    ).rejects.toThrow('broker unavailable');

    expect(await replicas[1].pending('t1', 'ep_2', { limit: 10 })).toHaveLength(2);
    expect(await recoverAll(replicas[1], 'ep_2')).toEqual(['evt_5000', 'evt_5001']);
  });
});

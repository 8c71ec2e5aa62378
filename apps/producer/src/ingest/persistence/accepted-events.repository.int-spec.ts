import type { DataSource } from 'typeorm';
import { topicNames, type HooklineEvent } from '@hookline/contracts';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import type { ProducerConfig } from '../../config/producer.config';
import { producerDatabase } from '../../database/producer-database';
import { AcceptedEventsRepository } from './accepted-events.repository';

const event = (id: string, tenantid = 't1'): HooklineEvent => ({
  specversion: '1.0',
  id,
  source: '/test',
  type: 'conversation.deleted',
  subject: `c-${id}`,
  time: '2026-11-23T10:00:00.000Z',
  tenantid,
  datacontenttype: 'application/json',
  data: {},
});

describe('AcceptedEventsRepository (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let repository: AcceptedEventsRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDataSource(
      serviceDataSourceOptions(producerDatabase, { url: database.url, ssl: false, poolSize: 2 }, 'test'),
      true,
    );
    const config = { topics: topicNames('test.'), ingest: { dedupeWindowHours: 24 } } as ProducerConfig;
    repository = new AcceptedEventsRepository(dataSource, config);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  const outbox = async (): Promise<Array<{ key: string; headers: Record<string, string> }>> =>
    dataSource.query('SELECT key, headers FROM producer.outbox ORDER BY id');
  const record = (events: HooklineEvent[]) => repository.transaction((tx) => tx.record(events));

  it('accepts an id once per tenant and writes one outbox row per accepted event', async () => {
    const before = Date.now();
    expect(await record([event('e1'), event('e2'), event('e1')])).toEqual({
      accepted: ['e1', 'e2'],
      duplicates: ['e1'],
    });
    expect(await record([event('e1'), event('e1', 't2')])).toEqual({ accepted: ['e1'], duplicates: ['e1'] });
    const rows = await outbox();
    expect(rows.map((row) => row.key)).toEqual([
      't1:conversation:c-e1',
      't1:conversation:c-e2',
      't2:conversation:c-e1',
    ]);
    expect(rows[0].headers).toMatchObject({
      ce_id: 'e1',
      ce_type: 'conversation.deleted',
      ce_tenantid: 't1',
    });
    // When the row was written: the bench's accepted → outbox hop.
    const writtenAt = Number(rows[0].headers['hookline-outbox-at']);
    expect(writtenAt).toBeGreaterThanOrEqual(before);
    expect(writtenAt).toBeLessThanOrEqual(Date.now());
  });

  it('writes neither the dedupe key nor the outbox row when the transaction rolls back', async () => {
    await expect(
      repository.transaction(async (tx) => {
        await tx.record([event('rolled-back')]);
        throw new Error('later failure');
      }),
    ).rejects.toThrow('later failure');
    expect(await record([event('rolled-back')])).toEqual({ accepted: ['rolled-back'], duplicates: [] });
  });

  it('accepts an id again once its dedupe key is older than the window, and the purge removes only those', async () => {
    await record([event('old'), event('fresh')]);
    await dataSource.query(
      `UPDATE producer.ingested_events SET accepted_at = now() - interval '25 hours' WHERE event_id = 'old'`,
    );
    expect(await record([event('old'), event('fresh')])).toEqual({
      accepted: ['old'],
      duplicates: ['fresh'],
    });
    await dataSource.query(
      `UPDATE producer.ingested_events SET accepted_at = now() - interval '25 hours' WHERE event_id IN ('old', 'e2')`,
    );
    expect(await repository.purgeExpired(1_000)).toBe(2);
    const left: Array<{ event_id: string }> = await dataSource.query(
      `SELECT event_id FROM producer.ingested_events WHERE event_id IN ('old', 'e2', 'fresh')`,
    );
    expect(left.map((row) => row.event_id)).toEqual(['fresh']);
  });

  it('keeps the next ingest offset per partition with the events', async () => {
    await repository.transaction(async (tx) => {
      expect(await tx.lockNextOffset('ingest', 0)).toBe(0n);
      await tx.saveNextOffset('ingest', 0, 42n);
    });
    await repository.transaction(async (tx) => expect(await tx.lockNextOffset('ingest', 0)).toBe(42n));
    await repository.transaction(async (tx) => expect(await tx.lockNextOffset('ingest', 1)).toBe(0n));
  });
});

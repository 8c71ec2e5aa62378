import type { DataSource } from 'typeorm';
import type { DeliveryOutcome } from '@hookline/contracts';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { deliveryDatabase } from '../../database/delivery-database';
import type { DeliveryTask } from '../../dispatch/domain/delivery-task';
import { AttemptsRepository } from './attempts.repository';
import { DeadLettersRepository } from './dead-letters.repository';

function outcome(offset: number, overrides: Partial<DeliveryOutcome> = {}) {
  const value: DeliveryOutcome = {
    eventId: `evt_${offset % 3}`,
    eventType: 'customer.created',
    endpointId: offset % 2 === 0 ? 'ep_even' : 'ep_odd',
    tenantId: 't1',
    webhookId: `msg_${offset}`,
    attempt: 1,
    startedAt: new Date(Date.UTC(2026, 10, 23, 10, 0, offset)).toISOString(),
    durationMs: 5,
    result: 'succeeded',
    statusCode: 200,
    errorClass: null,
    errorMessage: null,
    responseBody: 'ok',
    nextAttemptAt: null,
    exhausted: false,
    trigger: 'event',
    eventPartition: 0,
    eventOffset: String(offset),
    ...overrides,
  };
  return { partition: 0, offset: String(offset), outcome: value };
}

function deadLetter(offset: number, endpointId = 'ep_1', tenantId = 't1') {
  const task: DeliveryTask = {
    event: {
      specversion: '1.0',
      id: `evt_${offset}`,
      source: '/s',
      type: 'customer.created',
      subject: 's',
      time: '2026-11-23T10:00:00.000Z',
      tenantid: tenantId,
      datacontenttype: 'application/json',
      data: { n: offset },
    },
    endpointId,
    webhookId: `msg_${offset}`,
    attempt: 8,
    trigger: 'event',
    dueAt: '2026-11-23T10:00:00.000Z',
    history: [],
    deadLetter: { reason: 'retries exhausted after 8 attempts', at: '2026-11-23T12:00:00.000Z' },
  };
  return { partition: 0, offset: String(offset), task };
}

describe('attempt log and dead letters (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let attempts: AttemptsRepository;
  let deadLetters: DeadLettersRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDataSource(
      serviceDataSourceOptions(deliveryDatabase, { url: database.url, ssl: false, poolSize: 2 }, 'test'),
      true,
    );
    attempts = new AttemptsRepository(dataSource);
    deadLetters = new DeadLettersRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it('records a batch once: the same outcomes again (a redelivery after a crash) add nothing', async () => {
    const batch = Array.from({ length: 6 }, (_, i) => outcome(i));
    expect(await attempts.record(batch)).toBe(6);
    expect(await attempts.record(batch)).toBe(0);
    expect(await attempts.list('t1', {}, 100)).toHaveLength(6);
  });

  it('filters by event, endpoint and status, newest first, and pages with a cursor', async () => {
    await attempts.record([
      outcome(10, { result: 'failed', statusCode: 503, nextAttemptAt: '2026-11-23T10:05:00.000Z' }),
      outcome(11, { result: 'failed', statusCode: 410, exhausted: true }),
    ]);
    expect((await attempts.list('t1', { eventId: 'evt_0' }, 100)).map((row) => row.webhookId)).toEqual([
      'msg_3',
      'msg_0',
    ]);
    expect(
      (await attempts.list('t1', { endpointId: 'ep_odd' }, 100)).every((row) => row.endpointId === 'ep_odd'),
    ).toBe(true);
    expect((await attempts.list('t1', { status: 'retrying' }, 100)).map((row) => row.webhookId)).toEqual([
      'msg_10',
    ]);
    expect((await attempts.list('t1', { status: 'exhausted' }, 100)).map((row) => row.webhookId)).toEqual([
      'msg_11',
    ]);
    expect(await attempts.list('t1', { status: 'failed' }, 100)).toHaveLength(2);
    const first = await attempts.list('t1', {}, 3);
    const second = await attempts.list('t1', { beforeId: first[2].id }, 100);
    expect([...first, ...second].map((row) => row.webhookId)).toHaveLength(8);
    expect(new Set([...first, ...second].map((row) => row.id)).size).toBe(8);
  });

  it('never shows one tenant another tenant’s attempts', async () => {
    await attempts.record([outcome(20, { tenantId: 't2', eventId: 'evt_secret' })]);
    expect(await attempts.list('t1', { eventId: 'evt_secret' }, 10)).toEqual([]);
    expect(await attempts.latestWithEventPosition('t1', 'evt_secret', 'ep_even')).toBeNull();
    expect(await attempts.latestWithEventPosition('t2', 'evt_secret', 'ep_even')).toMatchObject({
      eventPartition: 0,
      eventOffset: '20',
    });
  });

  it('keeps dead letters until recovered, per tenant and endpoint, idempotently', async () => {
    const batch = [deadLetter(1), deadLetter(2), deadLetter(3, 'ep_2'), deadLetter(4, 'ep_1', 't2')];
    expect(await deadLetters.record(batch)).toBe(4);
    expect(await deadLetters.record(batch)).toBe(0);
    const pending = await deadLetters.pending('t1', 'ep_1', { limit: 10 });
    expect(pending.map((row) => row.eventId)).toEqual(['evt_1', 'evt_2']);
    expect(pending[0].task.event.data).toEqual({ n: 1 });
    expect(await deadLetters.countPendingAcrossTenants()).toBe(4);
    await deadLetters.markRecovered(
      't2',
      pending.map((row) => row.id),
      new Date(),
    );
    expect(await deadLetters.pending('t1', 'ep_1', { limit: 10 })).toHaveLength(2);
    await deadLetters.markRecovered(
      't1',
      pending.map((row) => row.id),
      new Date(),
    );
    expect(await deadLetters.pending('t1', 'ep_1', { limit: 10 })).toEqual([]);
    expect(await deadLetters.countPendingAcrossTenants()).toBe(2);
    expect(await deadLetters.latestForDelivery('t1', 'evt_1', 'ep_1')).toMatchObject({ webhookId: 'msg_1' });
  });
});

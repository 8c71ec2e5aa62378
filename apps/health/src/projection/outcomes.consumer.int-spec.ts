import type { INestApplicationContext } from '@nestjs/common';
import {
  createTestDatabase,
  createTestKafka,
  waitFor,
  type TestDatabase,
  type TestKafka,
} from '@hookline/testing';
import { ContractPublisher, decisionsIn, readAllRecords, startHealthApp } from '../../test/health-test-app';
import { outcomeOf, outcomeSeries } from '../../test/factories';
import type { HealthConfig } from '../config/health.config';
import { HealthStore } from '../database/health-store';
import { summarizeWindows } from './domain/window-stats';
import { ApplyOutcomesUseCase } from './usecases/apply-outcomes/apply-outcomes.usecase';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

async function appliedCount(app: INestApplicationContext, topic: string): Promise<bigint> {
  const positions = await app.get(HealthStore).read.positions.all();
  return positions.filter((p) => p.topic === topic).reduce((sum, p) => sum + p.nextOffset, 0n);
}

describe('health projection of delivery outcomes (real Kafka and Postgres)', () => {
  let testKafka: TestKafka;
  let database: TestDatabase;
  let replayDatabase: TestDatabase | undefined;
  let publisher: ContractPublisher;
  let live: { app: INestApplicationContext; config: HealthConfig } | undefined;
  let replay: { app: INestApplicationContext; config: HealthConfig } | undefined;
  let published = 0;

  const publishOutcomes = async (outcomes: ReturnType<typeof outcomeOf>[]) => {
    await publisher.outcomes(outcomes);
    published += outcomes.length;
  };

  beforeAll(async () => {
    testKafka = await createTestKafka();
    database = await createTestDatabase();
    publisher = new ContractPublisher(testKafka);
    await publisher.connect();
    live = await startHealthApp(testKafka, database.url);
  });

  afterAll(async () => {
    await live?.app.close();
    await replay?.app.close();
    await publisher.disconnect();
    await database.drop();
    await replayDatabase?.drop();
  });

  it('projects outcomes into endpoint health, minute buckets and the attempt log', async () => {
    const { app } = live!;
    await publishOutcomes([
      outcomeOf({ endpointId: 'ep_a', eventId: 'evt_a1', startedAt: minutesAgo(90), durationMs: 12 }),
      outcomeOf({ endpointId: 'ep_a', eventId: 'evt_a2', startedAt: minutesAgo(30), durationMs: 40 }),
      outcomeOf({
        endpointId: 'ep_a',
        eventId: 'evt_a3',
        result: 'failed',
        startedAt: minutesAgo(20),
        durationMs: 900,
      }),
      outcomeOf({
        endpointId: 'ep_a',
        eventId: 'evt_a4',
        startedAt: minutesAgo(10),
        durationMs: 55,
        trigger: 'resend',
      }),
      ...outcomeSeries(6, 'failed', minutesAgo(50), { endpointId: 'ep_b', statusCode: 500 }),
    ]);
    await waitFor(
      async () => (await appliedCount(app, testKafka.topics.deliveryOutcomes)) === BigInt(published),
      {
        what: 'the outcomes to be projected',
      },
    );
    const { endpoints, minuteStats, attempts } = app.get(HealthStore).read;
    expect(await endpoints.findForTenant('t1', 'ep_a')).toMatchObject({
      state: 'healthy',
      attemptsTotal: 4,
      successesTotal: 3,
      consecutiveFailures: 0,
      lastStatus: 200,
    });
    expect(await endpoints.findForTenant('t1', 'ep_b')).toMatchObject({
      state: 'failing',
      consecutiveFailures: 6,
      lastStatus: 500,
      lastErrorClass: 'http_status',
    });
    const windows = summarizeWindows(await minuteStats.forEndpoint('t1', 'ep_a', new Date(0)), new Date());
    expect(windows['1h']).toMatchObject({ attempts: 3, successes: 2, successRate: 0.6667 });
    expect(windows['24h']).toMatchObject({ attempts: 4, successes: 3, successRate: 0.75 });
    expect(windows['24h'].latencyMs.p99).toBeGreaterThan(750);
    expect(await attempts.forEvent('t1', 'evt_a3')).toEqual([
      expect.objectContaining({ endpointId: 'ep_a', result: 'failed', statusCode: 503, durationMs: 900 }),
    ]);
    expect((await attempts.forEvent('t1', 'evt_a4'))[0]?.trigger).toBe('resend');
    expect(await endpoints.findForTenant('another-tenant', 'ep_a')).toBeNull();
  });

  it('publishes one failing warning per run of failures and retires an endpoint that answered 410', async () => {
    const { app, config } = live!;
    await publishOutcomes([
      outcomeOf({ endpointId: 'ep_gone', eventId: 'evt_g1', startedAt: minutesAgo(5) }),
      outcomeOf({
        endpointId: 'ep_gone',
        eventId: 'evt_g2',
        result: 'failed',
        statusCode: 410,
        startedAt: minutesAgo(4),
      }),
      outcomeOf({
        endpointId: 'ep_gone',
        eventId: 'evt_g3',
        result: 'failed',
        statusCode: 410,
        startedAt: minutesAgo(3),
      }),
    ]);
    const decisions = decisionsIn(
      await readAllRecords(testKafka, config.topics.endpointHealth, { atLeast: 2 }),
    );
    expect(decisions.map((d) => `${d.endpointId}:${d.decision}`).sort()).toEqual([
      'ep_b:failing',
      'ep_gone:disable',
    ]);
    expect(decisions.find((d) => d.endpointId === 'ep_gone')).toMatchObject({
      cause: 'gone',
      tenantId: 't1',
      reason: expect.stringContaining('410 Gone (event evt_g2') as string,
    });
    expect(await app.get(HealthStore).read.endpoints.findForTenant('t1', 'ep_gone')).toMatchObject({
      state: 'disabled',
      retiredReason: expect.stringContaining('410') as string,
    });
  });

  it('dead-letters invalid records with their reason and keeps projecting', async () => {
    const { app, config } = live!;
    await publisher.raw(testKafka.topics.deliveryOutcomes, 'ep_bad', 'not json at all');
    await publisher.raw(
      testKafka.topics.deliveryOutcomes,
      'ep_bad',
      JSON.stringify({ endpointId: 'ep_bad' }),
    );
    published += 2;
    await publishOutcomes([outcomeOf({ endpointId: 'ep_after_bad', eventId: 'evt_after' })]);
    const deadLetters = await readAllRecords(testKafka, config.deadLetterTopic, { atLeast: 2 });
    expect(deadLetters).toHaveLength(2);
    const reasons = deadLetters.map((m) => m.headers?.['hookline-dlq-reason']?.toString());
    expect(reasons).toEqual(
      expect.arrayContaining([
        expect.stringContaining('not valid JSON'),
        expect.stringContaining('eventId: is required'),
      ]),
    );
    expect(deadLetters[0].headers?.['hookline-dlq-source-topic']?.toString()).toBe(
      testKafka.topics.deliveryOutcomes,
    );
    await waitFor(() => app.get(HealthStore).read.endpoints.findForTenant('t1', 'ep_after_bad'), {
      what: 'the valid outcome after the invalid ones',
    });
  });

  it('applies a redelivered batch once, and refuses a batch that would leave a gap', async () => {
    const { app } = live!;
    const applyOutcomes = app.get(ApplyOutcomesUseCase);
    const batch = {
      topic: 'redelivery-check',
      partition: 0,
      firstOffset: '0',
      nextOffset: '3',
      earliestOffset: 0n,
      records: outcomeSeries(3, 'failed', minutesAgo(3), { endpointId: 'ep_redelivered' }).map(
        (value, i) => ({
          offset: String(i),
          value,
        }),
      ),
      invalid: [],
    };
    expect(await applyOutcomes.execute(batch)).toMatchObject({ kind: 'applied', applied: 3 });
    const first = await app.get(HealthStore).read.endpoints.findForTenant('t1', 'ep_redelivered');
    expect(await applyOutcomes.execute(batch)).toMatchObject({ kind: 'applied', applied: 0 });
    expect(await app.get(HealthStore).read.endpoints.findForTenant('t1', 'ep_redelivered')).toEqual(first);
    expect(first?.attemptsTotal).toBe(3);
    expect(await applyOutcomes.execute({ ...batch, firstOffset: '5', nextOffset: '6', records: [] })).toEqual(
      {
        kind: 'gap',
        expectedOffset: 3n,
      },
    );
  });

  it('rebuilds identical numbers when the topic is replayed from the beginning into an empty schema', async () => {
    const { app, config } = live!;
    const liveStore = app.get(HealthStore);
    const decisionsBefore = await readAllRecords(testKafka, config.topics.endpointHealth, { atLeast: 2 });
    const endpointIds = ['ep_a', 'ep_b', 'ep_gone', 'ep_after_bad'];
    // Both sides are summarised at the same clock time: the windows depend on the buckets and on `now` only.
    const now = new Date();
    const snapshot = async (store: HealthStore) => {
      return Promise.all(
        endpointIds.map(async (id) => {
          const buckets = await store.read.minuteStats.forEndpoint('t1', id, new Date(0));
          return {
            health: await store.read.endpoints.findForTenant('t1', id),
            buckets,
            windows: summarizeWindows(buckets, now),
            attempts: await store.read.attempts.forEvent('t1', 'evt_a3'),
          };
        }),
      );
    };
    const liveNumbers = await snapshot(liveStore);
    await app.close();
    live = undefined;

    // Same consumer group, so Kafka's committed offsets are at the end: the empty schema must seek back.
    replayDatabase = await createTestDatabase();
    replay = await startHealthApp(testKafka, replayDatabase.url);
    await waitFor(
      async () => (await appliedCount(replay!.app, testKafka.topics.deliveryOutcomes)) === BigInt(published),
      { what: 'the replay to catch up', timeoutMs: 45_000 },
    );
    const replayStore = replay.app.get(HealthStore);
    const replayNumbers = await snapshot(replayStore);
    expect(replayNumbers).toEqual(liveNumbers);
    expect(liveNumbers[0].health?.attemptsTotal).toBe(4);

    // The decisions re-derived by the replay were already published: none goes out again.
    const decisionsAfter = await readAllRecords(testKafka, config.topics.endpointHealth, {
      atLeast: decisionsBefore.length,
      settleMs: 2_000,
    });
    expect(decisionsAfter).toHaveLength(decisionsBefore.length);
  });
});

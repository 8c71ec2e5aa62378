import type { INestApplicationContext } from '@nestjs/common';
import { createTestDatabase, createTestKafka, waitFor, type TestDatabase } from '@hookline/testing';
import { endpointRecordOf, outcomeOf, outcomeSeries } from '../../test/factories';
import { ContractPublisher, decisionsIn, readAllRecords, startHealthApp } from '../../test/health-test-app';
import { HealthStore } from '../database/health-store';

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

describe('retirement sweep and zombie policy (real Kafka and Postgres, clock set by configuration)', () => {
  const started: Array<{
    app: INestApplicationContext;
    database: TestDatabase;
    publisher: ContractPublisher;
  }> = [];

  afterAll(async () => {
    for (const { app, database, publisher } of started) {
      await app.close();
      await publisher.disconnect();
      await database.drop();
    }
  });

  async function platform(env: Record<string, string>) {
    const testKafka = await createTestKafka();
    const database = await createTestDatabase();
    const publisher = new ContractPublisher(testKafka);
    await publisher.connect();
    return { testKafka, database, publisher, env };
  }

  async function start(setup: Awaited<ReturnType<typeof platform>>) {
    const { app, config } = await startHealthApp(setup.testKafka, setup.database.url, setup.env);
    started.push({ app, database: setup.database, publisher: setup.publisher });
    return { app, config, store: app.get(HealthStore) };
  }

  const health = (store: HealthStore, endpointId: string) =>
    store.read.endpoints.findForTenant('t1', endpointId);

  it('retires endpoints with no success since the horizon, even without attempts, and nothing else', async () => {
    // The health clock runs 200 days ahead of real time: a one-year horizon is crossed by data 165+ days old.
    const setup = await platform({
      HEALTH_CLOCK_OFFSET_MS: String(200 * DAY),
      HEALTH_SWEEP_INTERVAL_MS: '300',
    });
    const staleSuccess = daysAgo(170);
    const endpoint = (id: string, createdAt: string, enabled = true) =>
      endpointRecordOf({
        id,
        createdAt,
        updatedAt: createdAt,
        enabled,
        disabledReason: enabled ? null : 'paused',
      });
    await setup.publisher.subscriptions([
      endpoint('ep_never_used', daysAgo(170)),
      endpoint('ep_alive', daysAgo(500)),
      endpoint('ep_stale', daysAgo(500)),
      endpoint('ep_paused', daysAgo(500), false),
      endpoint('ep_new', daysAgo(0)),
    ]);
    await setup.publisher.outcomes([
      outcomeOf({ endpointId: 'ep_alive', startedAt: daysAgo(1) }),
      outcomeOf({ endpointId: 'ep_stale', startedAt: staleSuccess }),
      outcomeOf({ endpointId: 'ep_stale', result: 'failed', eventId: 'evt_2', startedAt: daysAgo(20) }),
    ]);
    const { config, store } = await start(setup);

    const decisions = decisionsIn(
      await readAllRecords(setup.testKafka, config.topics.endpointHealth, { atLeast: 2, settleMs: 2_000 }),
    );
    expect(decisions.map((d) => `${d.endpointId}:${d.decision}:${d.cause}`).sort()).toEqual([
      'ep_never_used:disable:no_success_since_horizon',
      'ep_stale:disable:no_success_since_horizon',
    ]);
    expect(decisions.find((d) => d.endpointId === 'ep_never_used')?.reason).toContain(
      'never delivered successfully',
    );
    expect(decisions.find((d) => d.endpointId === 'ep_stale')).toMatchObject({
      lastSuccessAt: staleSuccess,
      reason: expect.stringContaining(`no successful delivery since ${staleSuccess}`) as string,
    });
    expect(await health(store, 'ep_never_used')).toMatchObject({ state: 'disabled', enabled: true });
    expect(await health(store, 'ep_alive')).toMatchObject({ state: 'healthy', retiredAt: null });
    expect(await health(store, 'ep_paused')).toMatchObject({
      state: 'disabled',
      retiredAt: null,
      disabledReason: 'paused',
    });
    expect(await health(store, 'ep_new')).toMatchObject({ state: 'healthy', retiredAt: null });
  });

  it('retires a failing endpoint after disableAfter on a compressed clock, once per episode; re-enabling resets it', async () => {
    // 108,000 simulated ms per real ms: the 5-day policy runs out about 4 s after the failures start.
    const setup = await platform({ HEALTH_CLOCK_RATE: '108000', HEALTH_SWEEP_INTERVAL_MS: '250' });
    const created = new Date(Date.now() - 60_000).toISOString();
    await setup.publisher.subscriptions([
      endpointRecordOf({ id: 'ep_zombie', createdAt: created, updatedAt: created }),
    ]);
    const { config, store } = await start(setup);
    const topic = config.topics.endpointHealth;

    await setup.publisher.outcomes(
      outcomeSeries(5, 'failed', new Date().toISOString(), { endpointId: 'ep_zombie' }),
    );
    await waitFor(async () => (await health(store, 'ep_zombie'))?.state === 'failing', { what: 'failing' });
    await waitFor(async () => (await health(store, 'ep_zombie'))?.state === 'disabled', {
      what: 'the sweep to retire the zombie',
      timeoutMs: 20_000,
    });
    const firstEpisode = decisionsIn(
      await readAllRecords(setup.testKafka, topic, { atLeast: 2, settleMs: 2_000 }),
    );
    expect(firstEpisode.map((d) => `${d.decision}:${d.cause}`)).toEqual([
      'failing:entered_failing',
      'disable:no_success_while_failing',
    ]);
    expect(firstEpisode[1].reason).toMatch(
      /no successful delivery for 5d.* while failing \(5 consecutive failed attempts/,
    );

    // The subscription service applies the decision, then the tenant fixes and re-enables the endpoint.
    const reason = firstEpisode[1].reason;
    await setup.publisher.subscriptions([
      endpointRecordOf({
        id: 'ep_zombie',
        createdAt: created,
        enabled: false,
        disabledReason: reason,
        version: 2,
      }),
    ]);
    await waitFor(async () => (await health(store, 'ep_zombie'))?.enabled === false, {
      what: 'disabled record',
    });
    const reenabledAt = new Date().toISOString();
    await setup.publisher.subscriptions([
      endpointRecordOf({
        id: 'ep_zombie',
        createdAt: created,
        updatedAt: reenabledAt,
        enabled: true,
        version: 3,
      }),
    ]);
    await waitFor(async () => (await health(store, 'ep_zombie'))?.enabled === true, {
      what: 're-enabled record',
    });
    expect(await health(store, 'ep_zombie')).toMatchObject({
      state: 'healthy',
      consecutiveFailures: 0,
      retiredAt: null,
      failuresResetAt: new Date(reenabledAt),
      attemptsTotal: 5,
    });

    // A straggler from before the re-enable does not count against the new episode...
    await setup.publisher.outcomes([
      outcomeOf({ endpointId: 'ep_zombie', result: 'failed', eventId: 'evt_late', startedAt: created }),
    ]);
    await waitFor(async () => (await health(store, 'ep_zombie'))?.attemptsTotal === 6, {
      what: 'the straggler',
    });
    expect(await health(store, 'ep_zombie')).toMatchObject({ state: 'healthy', consecutiveFailures: 0 });

    // ...and a new run of failures is a new episode: a second warning and a second retirement, once each.
    await setup.publisher.outcomes(
      outcomeSeries(5, 'failed', new Date(Date.now() + 1_000).toISOString(), {
        endpointId: 'ep_zombie',
        eventId: 'evt_b',
      }),
    );
    await waitFor(async () => (await health(store, 'ep_zombie'))?.retiredAt !== null, {
      what: 'the second retirement',
      timeoutMs: 20_000,
    });
    const all = decisionsIn(await readAllRecords(setup.testKafka, topic, { atLeast: 4, settleMs: 2_500 }));
    expect(all.map((d) => d.decision)).toEqual(['failing', 'disable', 'failing', 'disable']);
    expect(new Set(all.map((d) => d.decisionId)).size).toBe(4);
  });

  it('retires each zombie once, with one decision, when two replicas sweep the same schema', async () => {
    const setup = await platform({
      HEALTH_CLOCK_OFFSET_MS: String(200 * DAY),
      HEALTH_SWEEP_INTERVAL_MS: '100',
    });
    // Two processes of the service: the same database and namespace, hence the same consumer groups.
    const [first, second] = await Promise.all([
      start(setup),
      startHealthApp(setup.testKafka, setup.database.url, setup.env),
    ]);
    try {
      const ids = Array.from({ length: 1_200 }, (_, i) => `ep_zombie_${i}`);
      // Published once both sweep every 100 ms: the endpoints become due while both replicas run.
      await setup.publisher.subscriptions(
        ids.map((id) => endpointRecordOf({ id, createdAt: daysAgo(170), updatedAt: daysAgo(170) })),
      );

      const decisions = decisionsIn(
        await readAllRecords(setup.testKafka, first.config.topics.endpointHealth, {
          atLeast: ids.length,
          settleMs: 3_000,
          timeoutMs: 120_000,
        }),
      );

      expect(decisions).toHaveLength(ids.length);
      expect(new Set(decisions.map((decision) => decision.endpointId)).size).toBe(ids.length);
      expect(new Set(decisions.map((decision) => decision.decision))).toEqual(new Set(['disable']));
    } finally {
      await second.app.close();
    }
  });
});

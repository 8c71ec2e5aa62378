import type { DataSource } from 'typeorm';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { RefusalException } from '@hookline/http';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import type { DeliveryConfig } from '../../../config/delivery.config';
import { deliveryDatabase } from '../../../database/delivery-database';
import type { TenantQuotaLimits } from '../../../quotas/tenant-quota-limits';
import type { ImmediateLane } from '../../immediate-lane';
import type { ReplayEntity } from '../../persistence/replay.entity';
import { ReplaysRepository } from '../../persistence/replays.repository';
import type { ReplayRunner } from '../../replay-runner';
import { ReplayEndpointUseCase } from './replay-endpoint.usecase';

const QUOTA = 2;
const STORM = 20;
const POOL = 10;
const since = new Date('2026-11-01T00:00:00Z');
const until = new Date('2026-11-02T00:00:00Z');

/**
 * One delivery replica as far as the concurrent-replays quota goes: the real use case and repository on a
 * connection pool of its own. What it does not exercise (the endpoint lookup, the Kafka consumer a replay
 * runs) is replaced by a lane that knows every endpoint and a runner that records what it was asked to start.
 */
interface Replica {
  useCase: ReplayEndpointUseCase;
  started: ReplayEntity[];
}

function replicaOn(dataSource: DataSource, name: string): Replica {
  const started: ReplayEntity[] = [];
  const lane = { deliverableEndpoint: () => ({ enabled: true }) } as unknown as ImmediateLane;
  const runner = {
    owner: name,
    start: (replay: ReplayEntity) => started.push(replay),
  } as unknown as ReplayRunner;
  const quotas = { limit: () => QUOTA } as unknown as TenantQuotaLimits;
  const config = { replays: { leaseMs: 60_000, resumeMax: 10 } } as unknown as DeliveryConfig;
  const useCase = new ReplayEndpointUseCase(lane, new ReplaysRepository(dataSource), runner, quotas, config);
  return { useCase, started };
}

type Outcome = { ok: true; id: string } | { ok: false; status: number; body: unknown };

async function requestReplay(replica: Replica, tenantId: string): Promise<Outcome> {
  try {
    const replay = await replica.useCase.execute({ tenantId, endpointId: 'ep_1', since, until });
    return { ok: true, id: replay.id };
  } catch (error) {
    if (!(error instanceof RefusalException)) throw error;
    return { ok: false, status: error.refusal.status, body: error.refusal.body };
  }
}

describe('concurrent-replays quota under a storm of requests across replicas (real Postgres)', () => {
  let database: TestDatabase;
  const dataSources: DataSource[] = [];
  let replicas: Replica[];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let n = 0; n < 2; n++) {
      dataSources.push(
        await openServiceDataSource(
          serviceDataSourceOptions(
            deliveryDatabase,
            { url: database.url, ssl: false, poolSize: POOL },
            'test',
          ),
          n === 0,
        ),
      );
    }
  });

  beforeAll(async () => {
    // Open every pooled connection now: connections opened one by one during the first storm would stagger
    // its requests and hide a race.
    await Promise.all(
      dataSources.flatMap((dataSource) =>
        Array.from({ length: POOL }, () => dataSource.query('SELECT pg_sleep(0.05)')),
      ),
    );
  });

  afterAll(async () => {
    await Promise.all(dataSources.map((dataSource) => dataSource.destroy()));
    await database.drop();
  });

  beforeEach(async () => {
    await dataSources[0].query('DELETE FROM delivery.replays');
    replicas = dataSources.map((dataSource, n) => replicaOn(dataSource, `replica-${n}`));
  });

  const running = async (tenantId: string): Promise<number> =>
    new ReplaysRepository(dataSources[0]).countRunning(tenantId);

  it(`starts exactly ${QUOTA} of ${STORM} simultaneous replays of one tenant, refuses the rest with 409 QUOTA_EXCEEDED`, async () => {
    const outcomes = await Promise.all(
      Array.from({ length: STORM }, (_, n) => requestReplay(replicas[n % replicas.length], 't_storm')),
    );

    const accepted = outcomes.filter((outcome) => outcome.ok);
    const refused = outcomes.filter((outcome) => !outcome.ok);
    expect(accepted).toHaveLength(QUOTA);
    expect(refused).toHaveLength(STORM - QUOTA);
    for (const refusal of refused) {
      expect(refusal).toMatchObject({
        status: 409,
        body: {
          statusCode: 409,
          code: 'QUOTA_EXCEEDED',
          message: `quota concurrentReplays reached: ${QUOTA} of ${QUOTA} in use; start it when a running replay has finished`,
          quota: { name: 'concurrentReplays', limit: QUOTA, usage: QUOTA },
        },
      });
    }
    expect(replicas.flatMap((replica) => replica.started)).toHaveLength(QUOTA);
    expect(await running('t_storm')).toBe(QUOTA);
  });

  it("leaves another tenant's quota untouched while one tenant storms", async () => {
    const outcomes = await Promise.all([
      ...Array.from({ length: STORM }, (_, n) => requestReplay(replicas[n % 2], 't_storm')),
      ...Array.from({ length: QUOTA }, (_, n) => requestReplay(replicas[n % 2], 't_quiet')),
    ]);

    const quiet = outcomes.slice(STORM);
    expect(quiet.every((outcome) => outcome.ok)).toBe(true);
    expect(await running('t_storm')).toBe(QUOTA);
    expect(await running('t_quiet')).toBe(QUOTA);
  });

  it('starts more than the quota over a storm when running replays finish within it, never more than the quota at once', async () => {
    // The chaos row's first run counted 4 of 20 started against a quota of 2: a replay that finishes frees
    // its slot, so a later request of the same storm rightly takes it.
    const [first, second] = await Promise.all([
      requestReplay(replicas[0], 't_storm'),
      requestReplay(replicas[1], 't_storm'),
    ]);
    expect(first.ok && second.ok).toBe(true);
    const repository = new ReplaysRepository(dataSources[0]);
    if (!first.ok) throw new Error('unreachable');
    expect(await repository.finish('t_storm', first.id, 'replica-0', 'completed', null)).toBe(true);

    const outcomes = await Promise.all(
      Array.from({ length: STORM - 2 }, (_, n) => requestReplay(replicas[n % 2], 't_storm')),
    );

    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(replicas.flatMap((replica) => replica.started)).toHaveLength(QUOTA + 1);
    expect(await running('t_storm')).toBe(QUOTA);
  });
});

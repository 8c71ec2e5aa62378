import type { DataSource } from 'typeorm';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { deliveryDatabase } from '../../database/delivery-database';
import type { ReplayEntity } from './replay.entity';
import { ReplaysRepository } from './replays.repository';

const LEASE_MS = 1_000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function replayOf(id: string, owner: string): ReplayEntity {
  return {
    id,
    tenantId: 't1',
    endpointId: 'ep_1',
    since: new Date('2026-11-01T00:00:00Z'),
    until: new Date('2026-11-02T00:00:00Z'),
    status: 'running',
    scanned: 0,
    enqueued: 0,
    error: null,
    createdAt: new Date(),
    finishedAt: null,
    leaseOwner: owner,
    leaseExpiresAt: null,
    checkpoint: {},
    resumes: 0,
  };
}

describe('replay leases, heartbeats and checkpoints across replicas (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let replays: ReplaysRepository;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDataSource(
      serviceDataSourceOptions(deliveryDatabase, { url: database.url, ssl: false, poolSize: 4 }, 'test'),
      true,
    );
    replays = new ReplaysRepository(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  beforeEach(async () => {
    await dataSource.query('DELETE FROM delivery.replays');
  });

  it('leaves a replay whose owner keeps renewing its lease to that owner', async () => {
    await replays.createWithinLimit(replayOf('rpl_live', 'a'), 5, LEASE_MS);

    for (let beat = 0; beat < 4; beat++) {
      await pause(LEASE_MS / 3);
      expect(await replays.renewLease('t1', 'rpl_live', 'a', LEASE_MS)).toBe(true);
      expect(await replays.claimLapsed('b', LEASE_MS, 10)).toEqual([]);
    }
    expect(await replays.find('t1', 'rpl_live')).toMatchObject({ leaseOwner: 'a', resumes: 0 });
  });

  it('hands a replay whose lease lapsed to another process, with its checkpoint, and fences the old owner', async () => {
    await replays.createWithinLimit(replayOf('rpl_dead', 'a'), 5, LEASE_MS);
    const checkpoint = { '0': '120', '2': '40' };
    expect(
      await replays.progress('t1', 'rpl_dead', 'a', { scanned: 160, enqueued: 150, checkpoint }, LEASE_MS),
    ).toBe(true);

    await pause(LEASE_MS + 200); // a dies: no heartbeat
    const [claimed] = await replays.claimLapsed('b', LEASE_MS, 10);

    expect(claimed).toMatchObject({
      id: 'rpl_dead',
      leaseOwner: 'b',
      checkpoint,
      scanned: 160,
      enqueued: 150,
      resumes: 1,
    });
    // a wakes up (a long GC pause, a partitioned network): none of its writes land any more.
    expect(await replays.renewLease('t1', 'rpl_dead', 'a', LEASE_MS)).toBe(false);
    expect(
      await replays.progress('t1', 'rpl_dead', 'a', { scanned: 1, enqueued: 1, checkpoint: {} }, LEASE_MS),
    ).toBe(false);
    expect(await replays.finish('t1', 'rpl_dead', 'a', 'failed', 'stale')).toBe(false);
    expect(await replays.finish('t1', 'rpl_dead', 'b', 'completed', null)).toBe(true);
    expect(await replays.find('t1', 'rpl_dead')).toMatchObject({ status: 'completed', checkpoint });
  });

  it('gives each lapsed replay to exactly one of several processes claiming at once', async () => {
    for (let n = 0; n < 20; n++) await replays.create(replayOf(`rpl_${n}`, 'gone'));

    const claims = await Promise.all(
      ['b', 'c', 'd'].map((owner) => replays.claimLapsed(owner, LEASE_MS, 20)),
    );

    const ids = claims.flat().map((replay) => replay.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
    const owners = await dataSource.query<Array<{ id: string; lease_owner: string }>>(
      'SELECT id, lease_owner FROM delivery.replays',
    );
    for (const [index, owner] of ['b', 'c', 'd'].entries()) {
      for (const replay of claims[index]) {
        expect(owners.find((row) => row.id === replay.id)?.lease_owner).toBe(owner);
      }
    }
  });

  it('releases the lease on a graceful stop, so another process resumes at once', async () => {
    await replays.createWithinLimit(replayOf('rpl_stop', 'a'), 5, 60_000);
    expect(await replays.claimLapsed('b', LEASE_MS, 10)).toEqual([]);

    expect(await replays.release('t1', 'rpl_stop', 'a')).toBe(true);

    expect((await replays.claimLapsed('b', LEASE_MS, 10)).map((replay) => replay.id)).toEqual(['rpl_stop']);
  });

  it('never claims finished replays, and claims no more than asked', async () => {
    for (let n = 0; n < 3; n++) await replays.create(replayOf(`rpl_${n}`, 'gone'));
    await dataSource.query(`UPDATE delivery.replays SET status = 'completed' WHERE id = 'rpl_0'`);

    expect((await replays.claimLapsed('b', LEASE_MS, 1)).map((replay) => replay.id)).toEqual(['rpl_1']);
    expect(await replays.claimLapsed('c', LEASE_MS, 0)).toEqual([]);
  });
});

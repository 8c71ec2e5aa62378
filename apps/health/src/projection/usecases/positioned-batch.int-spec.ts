import type { DataSource } from 'typeorm';
import { openServiceDataSource, serviceDataSourceOptions } from '@hookline/database';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { healthDatabase } from '../../database/health-database';
import { HealthStore } from '../../database/health-store';
import { applyPositioned, type PositionedBatch } from './positioned-batch';

function firstBatch(topic: string, partition: number, size: number): PositionedBatch<number> {
  return {
    topic,
    partition,
    firstOffset: '0',
    nextOffset: String(size),
    earliestOffset: 0n,
    records: Array.from({ length: size }, (_, i) => ({ offset: String(i), value: i })),
    invalid: [],
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('applyPositioned under two owners of one partition (real Postgres)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let store: HealthStore;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await openServiceDataSource(
      serviceDataSourceOptions(healthDatabase, { url: database.url, ssl: false, poolSize: 4 }, 'test'),
      true,
    );
    store = new HealthStore(dataSource);
  });

  afterAll(async () => {
    await dataSource.destroy();
    await database.drop();
  });

  it("applies a partition's first batch once when two owners apply it at the same time", async () => {
    const batch = firstBatch('outcomes', 0, 10);
    const applied: number[][] = [];
    // The first owner holds its transaction open while the second starts: without a row to lock, the
    // second would not wait and would apply the same records again.
    const first = store.transaction((repositories) =>
      applyPositioned(repositories, batch, 'dlq', async (pending) => {
        applied.push(pending);
        await pause(400);
      }),
    );
    await pause(100);
    const second = store.transaction((repositories) =>
      applyPositioned(repositories, batch, 'dlq', (pending) => {
        applied.push(pending);
        return Promise.resolve();
      }),
    );
    const results = await Promise.all([first, second]);

    expect(applied).toEqual([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]]);
    expect(results.map((result) => (result.kind === 'applied' ? result.applied : -1))).toEqual([10, 0]);
    expect(await store.read.positions.find('outcomes', 0)).toBe(10n);
  });

  it('reads a partition whose first batch was refused (a gap) as never applied', async () => {
    const gap = { ...firstBatch('outcomes', 1, 5), firstOffset: '3', earliestOffset: 0n };
    const result = await store.transaction((repositories) =>
      applyPositioned(repositories, gap, 'dlq', () => Promise.resolve()),
    );

    expect(result).toEqual({ kind: 'gap', expectedOffset: 0n });
    expect(await store.read.positions.find('outcomes', 1)).toBeNull();
  });
});

import { DataSource } from 'typeorm';
import {
  HooklineClient,
  HooklineOutbox,
  HooklineOutboxRelay,
  HooklineRequestError,
  batchEventId,
  hooklineOutboxTableSql,
} from '@hookline/producer-client';
import { createTestDatabase, type TestDatabase } from '@hookline/testing';
import { ProducerHarness } from './producer-harness';

/**
 * libs/producer-client as an upstream Node system uses it: the typed client over real HTTP, and the TypeORM
 * outbox in the caller's own Postgres database (the README's FreeScout-style bulk delete).
 */
describe('producer client and TypeORM outbox', () => {
  const producer = new ProducerHarness();
  let helpdesk: TestDatabase;
  let dataSource: DataSource;
  let client: HooklineClient;
  let tenant: string;

  beforeAll(async () => {
    await producer.start({ INGEST_CONSUMER_ENABLED: 'false' });
    tenant = await producer.createTenant();
    helpdesk = await createTestDatabase();
    dataSource = await new DataSource({ type: 'postgres', url: helpdesk.url }).initialize();
    await dataSource.query(hooklineOutboxTableSql());
    await dataSource.query(
      `CREATE TABLE conversations (id text PRIMARY KEY, subject text NOT NULL, deleted_at timestamptz)`,
    );
    await dataSource.query(
      `INSERT INTO conversations (id, subject) SELECT 'conv_' || n, 'Subject ' || n FROM generate_series(1, 1000) n`,
    );
    client = new HooklineClient({
      baseUrl: producer.url,
      ingestToken: producer.secrets.ingestToken,
      attempts: 2,
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await helpdesk?.drop();
    await producer.stop();
  });

  it('publishes events and batches, and reports a refusal with its field errors', async () => {
    const first = await client.publish({ type: 'customer.created', subject: 'cus_1', tenant, data: {} });
    expect(first.duplicate).toBe(false);
    expect(
      await client.publish({ id: first.id, type: 'customer.created', subject: 'cus_1', tenant, data: {} }),
    ).toEqual({ id: first.id, duplicate: true });
    const many = await client.publishMany([
      { type: 'customer.updated', subject: 'cus_1', tenant, data: { previous: { name: 'A' } } },
      { type: 'customer.deleted', subject: 'cus_1', tenant, data: {} },
    ]);
    expect(many).toMatchObject({ accepted: 2, duplicates: 0 });
    const batch = await client.publishBatch({
      type: 'customer.deleted',
      tenant,
      subjects: ['cus_2', 'cus_3'],
    });
    expect(batch).toMatchObject({ batchsize: 2, accepted: 2, duplicate: false });
    const refused = await client
      .publish({ type: 'customer.exploded', subject: 'x', tenant, data: {} })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HooklineRequestError);
    expect((refused as HooklineRequestError).status).toBe(400);
    expect((refused as HooklineRequestError).errors[0]?.field).toBe('type');
  });

  it('sends a bulk delete only if its transaction commits, once, as one event per conversation', async () => {
    const outbox = new HooklineOutbox();
    const relay = new HooklineOutboxRelay({ dataSource, client });
    const bulkDelete = async (ids: string[], fail: boolean) =>
      dataSource.transaction(async (manager) => {
        await manager.query(`UPDATE conversations SET deleted_at = now() WHERE id = ANY($1)`, [ids]);
        const [batchId] = await outbox.enqueue(manager, {
          type: 'conversation.deleted',
          tenant,
          subjects: ids,
        });
        if (fail) throw new Error('the caller rolled back');
        return batchId;
      });
    const ids = Array.from({ length: 1000 }, (_, i) => `conv_${i + 1}`);
    await expect(bulkDelete(ids.slice(0, 10), true)).rejects.toThrow('rolled back');
    const batchId = await bulkDelete(ids, false);

    // Hookline is down for a moment: the row waits, nothing is lost.
    await producer.process.stop();
    expect(await relay.drain()).toEqual({ sent: 0, refused: 0, waiting: true });
    await producer.launch();
    await dataSource.query(`UPDATE hookline_outbox SET next_attempt_at = now()`);
    expect(await relay.drain()).toEqual({ sent: 1, refused: 0, waiting: false });

    const events = await producer.events(1000);
    const deleted = events.filter((event) => event.type === 'conversation.deleted');
    expect(deleted).toHaveLength(1000);
    expect(new Set(deleted.map((event) => event.id))).toEqual(
      new Set(ids.map((id) => batchEventId(batchId, id))),
    );
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM hookline_outbox`)).toEqual([{ n: 0 }]);
  });
});

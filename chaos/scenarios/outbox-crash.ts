import { Client } from 'pg';
import { batchEventId } from '@hookline/contracts';
import { waitFor } from '@hookline/testing';
import { ProducerHarness } from '../../test/e2e/producer-harness';
import { sleep } from '../support/await-routing';
import { Verdict, type Scenario } from '../support/scenario';

const DRAIN_SUBJECTS = 5_000;
const DRAIN_KILLS = 3;

/**
 * SIGKILL the producer in the outbox relay's dangerous windows (held open with the test-only
 * OUTBOX_TEST_PAUSE): after its Kafka transaction committed but before the outbox rows were deleted, and
 * before the Kafka commit; then repeatedly at random moments while a batch drains. After each restart the
 * ids committed in Postgres (answered 202) are counted on hookline.events.v1 (read_committed).
 */
export const outboxCrash: Scenario = {
  name: 'outbox crash',
  bar: '0 missing (and 0 published twice)',
  quick: false,
  timeoutMs: 5 * 60_000,
  async run(context) {
    const producer = new ProducerHarness();
    context.cleanup.defer('the producer', () => producer.stop());
    await producer.start({ INGEST_CONSUMER_ENABLED: 'false', LOG_LEVEL: 'info' });
    const tenant = await producer.createTenant();
    const db = new Client({ connectionString: producer.database.url });
    await db.connect();
    context.cleanup.defer('the audit connection', () => db.end());
    const outboxRows = async () =>
      Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM producer.outbox')).rows[0].n);

    const submit = async (prefix: string, count: number): Promise<string[]> => {
      const ids: string[] = [];
      for (let start = 0; start < count; start += 200) {
        const events = Array.from({ length: Math.min(200, count - start) }, (_, i) => ({
          id: `${prefix}_${start + i}`,
          type: 'order.created',
          subject: `order_${(start + i) % 50}`,
          tenant,
          data: { n: start + i },
        }));
        const answer = await producer.post('/v1/events', events);
        if (answer.status !== 202) throw new Error(`POST /v1/events answered ${answer.status}`);
        ids.push(...events.map((event) => event.id));
      }
      return ids;
    };
    const audit = async (committed: string[]) => {
      await waitFor(async () => (await outboxRows()) === 0, { timeoutMs: 120_000, what: 'an empty outbox' });
      const events = await producer.eventsContaining(committed, 2_000, 120_000);
      const wanted = new Set(committed);
      const counts = new Map<string, number>();
      for (const event of events)
        if (wanted.has(event.id)) counts.set(event.id, (counts.get(event.id) ?? 0) + 1);
      return {
        committed: committed.length,
        published: counts.size,
        missing: committed.filter((id) => !counts.has(id)).length,
        twice: [...counts.values()].filter((n) => n > 1).length,
      };
    };
    const killInWindow = async (point: string, prefix: string, count: number) => {
      await producer.process.stop();
      await producer.launch({ OUTBOX_TEST_PAUSE: `${point}:20000`, OUTBOX_BATCH_SIZE: '200' });
      const committed = await submit(prefix, count);
      await producer.logLine({ msg: 'outbox relay paused (test hook)', point });
      await producer.process.kill();
      await producer.launch({ OUTBOX_BATCH_SIZE: '200' });
      return audit(committed);
    };

    const stamp = Date.now();
    context.progress('outbox crash: kill after the Kafka commit');
    const afterCommit = await killInWindow('after-kafka-commit', `a${stamp}`, 1_000);
    context.progress('outbox crash: kill before the Kafka commit');
    const beforeCommit = await killInWindow('before-kafka-commit', `b${stamp}`, 600);

    context.progress(`outbox crash: ${DRAIN_KILLS} kills while a ${DRAIN_SUBJECTS}-id batch drains`);
    await producer.process.stop();
    const slowDrain = { OUTBOX_BATCH_SIZE: '25', OUTBOX_TEST_PAUSE: 'after-kafka-commit:15' };
    await producer.launch(slowDrain);
    const subjects = Array.from({ length: DRAIN_SUBJECTS }, (_, i) => `line_${i}`);
    const batchId = `drain_${stamp}`;
    const answer = await producer.post('/v1/batches', {
      id: batchId,
      type: 'line.deleted',
      tenant,
      subjects,
    });
    if (answer.status !== 202) throw new Error(`POST /v1/batches answered ${answer.status}`);
    let kills = 0;
    for (let round = 0; round < DRAIN_KILLS && (await outboxRows()) > 0; round++) {
      await sleep(300 + Math.floor(Math.random() * 1_000));
      await producer.process.kill();
      kills++;
      await producer.launch(slowDrain);
    }
    const drain = await audit(subjects.map((subject) => batchEventId(batchId, subject)));

    const verdict = new Verdict();
    for (const [name, result] of Object.entries({ afterCommit, beforeCommit, drain })) {
      verdict.check(result.missing === 0, `${name}: ${result.missing} committed events never published`);
      verdict.check(result.twice === 0, `${name}: ${result.twice} events published twice`);
    }
    verdict.check(
      kills === DRAIN_KILLS,
      `the batch drained after ${kills} kills, before all ${DRAIN_KILLS} landed`,
    );
    const all = [afterCommit, beforeCommit, drain];
    const sum = (field: 'committed' | 'published' | 'missing' | 'twice') =>
      all.reduce((total, result) => total + result[field], 0);
    return verdict.result({
      kills: 2 + kills,
      committed: sum('committed'),
      published: sum('published'),
      missing: sum('missing'),
      published_twice: sum('twice'),
      by_window: `after-commit ${afterCommit.published}/${afterCommit.committed}, before-commit ${beforeCommit.published}/${beforeCommit.committed}, drain ${drain.published}/${drain.committed}`,
    });
  },
};

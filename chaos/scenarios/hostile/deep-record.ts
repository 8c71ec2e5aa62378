import { waitFor } from '@hookline/testing';
import { header, readTopicUntil, shortId } from '../../support/chaos-kafka';
import { hostileRow } from '../../support/hostile/hostile-row';

const LEVELS = 12_000;
const MAX_ROUNDS = 20;
const ROOT_REASON = '(root): is nested deeper than 64 levels of objects and arrays';
const DATA_REASON = 'data: is nested deeper than 32 levels of objects and arrays';

/**
 * Records on the ingest topic whose `data` is nested 12,000 levels (72 KB: it passes a plain JSON.parse and
 * used to make the ingest transaction throw and the partition retry it forever) and 40 levels (valid JSON
 * under the record limit, over the data limit), each followed on the same key, so the same partition, by a
 * good record of the same tenant. Each deep record must be dead-lettered with the depth reason, each good
 * record after it delivered, and the ingest consumer group must reach the end of every partition.
 */
export const hostileDeepRecord = hostileRow({
  abuse: 'deep record',
  refusal: `dead letter "${ROOT_REASON}" (12,000 levels), "${DATA_REASON}" (40 levels); the good record after each delivered`,
  quick: true,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('deeprec');
    await chaos.createEndpoint(abuser.apiKey, { url: receiver.url('/after-deep'), eventTypes: ['deep.*'] });
    const record = (data: string, id?: string) =>
      `{${id === undefined ? '' : `"id":"${id}",`}"type":"deep.created","subject":"s","tenant":"${abuser.id}","data":${data}}`;
    const arrived = () => new Set(receiver.succeeded('/after-deep').map((receipt) => receipt.eventId));
    const upstream = chaos.kafka.kafka.producer();
    await upstream.connect();
    await waitFor(
      async () => {
        const id = `deep_probe_${shortId()}`;
        await upstream.send({
          topic: chaos.kafka.topics.ingest,
          messages: [{ key: 'probe', value: record('{}', id) }],
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        return arrived().size > 0;
      },
      { what: "the abuser's endpoint to route", timeoutMs: 60_000, intervalMs: 1 },
    ).finally(() => upstream.disconnect());
    const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
    const deep: Array<{ key: string; reason: string }> = [];
    const good = new Set<string>();

    return {
      async run(healthyRunning) {
        const producer = chaos.kafka.kafka.producer();
        await producer.connect();
        try {
          for (let round = 0; round < MAX_ROUNDS && (round === 0 || healthyRunning()); round++) {
            const key = `abuser-${round}`;
            const goodId = `after_deep_${round}_${shortId()}`;
            await producer.send({
              topic: chaos.kafka.topics.ingest,
              messages: [
                { key, value: record(nested(LEVELS)), headers: { case: 'root' } },
                { key, value: record(nested(40)), headers: { case: 'data' } },
                { key, value: record('{}', goodId) },
              ],
            });
            deep.push({ key, reason: ROOT_REASON }, { key, reason: DATA_REASON });
            good.add(goodId);
            await new Promise((resolve) => setTimeout(resolve, 200));
          }
        } finally {
          await producer.disconnect();
        }
        return {
          got: [],
          failures: [],
          figures: { deep_records: deep.length, record_bytes: record(nested(LEVELS)).length },
        };
      },
      async settle() {
        const dead = await readTopicUntil(
          chaos.kafka.kafka,
          chaos.kafka.topics.ingestDeadLetter,
          (messages) => messages.length >= deep.length,
          { timeoutMs: 60_000, what: 'every deep record dead-lettered' },
        ).catch(() => []);
        const reasons = dead.map((message) => header(message, 'hookline-dlq-reason') ?? 'no reason');
        const counts = new Map<string, number>();
        for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
        const wanted = deep.length / 2;
        const failures: string[] = [];
        for (const reason of [ROOT_REASON, DATA_REASON])
          if ((counts.get(reason) ?? 0) !== wanted)
            failures.push(`dead letters "${reason}": ${counts.get(reason) ?? 0}, not ${wanted}`);
        const extra = [...counts.keys()].filter((reason) => reason !== ROOT_REASON && reason !== DATA_REASON);
        if (extra.length > 0) failures.push(`other dead letters: ${extra.join(' | ')}`);
        await waitFor(() => [...good].every((id) => arrived().has(id)), {
          what: 'every good record after a deep one',
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...good].filter((id) => !delivered.has(id)).length;
        return {
          got: [...counts].map(([reason, count]) => `${count}× dead letter "${reason}"`),
          failures,
          lost,
          figures: { good_after_deep: `${good.size - lost}/${good.size}` },
        };
      },
    };
  },
});

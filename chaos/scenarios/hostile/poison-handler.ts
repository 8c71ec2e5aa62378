import { waitFor } from '@hookline/testing';
import { header, readTopicUntil, shortId } from '../../support/chaos-kafka';
import { hostileRow } from '../../support/hostile/hostile-row';

const POISONS = 3;

/**
 * Records on the ingest topic that are valid JSON and a valid event, but whose handling throws every time:
 * the subject carries a NUL character, which the event's partition key takes into a Postgres `text`
 * column that cannot hold it. Each is followed on the same Kafka key (the same partition) by a good record
 * of the same tenant. The consumer must give the poison a bounded number of attempts, dead-letter it with
 * the error as its reason, and move on: the good records are delivered and the ingest group reaches the end
 * of every partition.
 */
export const hostilePoisonHandler = hostileRow({
  abuse: 'poison handler',
  refusal:
    'dead letter with the handler error as its reason, after bounded retries; the good record after it delivered',
  quick: true,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('poison');
    await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/after-poison'),
      eventTypes: ['poison.*'],
    });
    const record = (subject: string, id: string) =>
      JSON.stringify({ id, type: 'poison.created', subject, tenant: abuser.id, data: {} });
    const arrived = () => new Set(receiver.succeeded('/after-poison').map((receipt) => receipt.eventId));
    const upstream = chaos.kafka.kafka.producer();
    await upstream.connect();
    await waitFor(
      async () => {
        const id = `poison_probe_${shortId()}`;
        await upstream.send({
          topic: chaos.kafka.topics.ingest,
          messages: [{ key: 'probe', value: record('s', id) }],
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        return arrived().size > 0;
      },
      { what: "the abuser's endpoint to route", timeoutMs: 60_000, intervalMs: 1 },
    ).finally(() => upstream.disconnect());
    const poisons: string[] = [];
    const good = new Set<string>();

    return {
      async run() {
        const producer = chaos.kafka.kafka.producer();
        await producer.connect();
        try {
          for (let i = 0; i < POISONS; i++) {
            const key = `poison-${i}-${shortId()}`;
            const goodId = `after_poison_${i}_${shortId()}`;
            await producer.send({
              topic: chaos.kafka.topics.ingest,
              messages: [
                { key, value: record(`nul\u0000${i}`, `poison_${i}_${shortId()}`) },
                { key, value: record('fine', goodId) },
              ],
            });
            poisons.push(key);
            good.add(goodId);
          }
        } finally {
          await producer.disconnect();
        }
        return { got: [], failures: [], figures: { poison_records: poisons.length } };
      },
      async settle() {
        const dead = await readTopicUntil(
          chaos.kafka.kafka,
          chaos.kafka.topics.ingestDeadLetter,
          (messages) => poisons.every((key) => messages.some((m) => m.key?.toString() === key)),
          { timeoutMs: 90_000, what: 'every poison record dead-lettered' },
        ).catch(() => []);
        const reasons = poisons.map((key) => {
          const message = dead.find((m) => m.key?.toString() === key);
          return message === undefined ? undefined : header(message, 'hookline-dlq-reason');
        });
        const missing = reasons.filter((reason) => reason === undefined || reason === '').length;
        await waitFor(() => [...good].every((id) => arrived().has(id)), {
          what: 'every good record after a poison one',
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...good].filter((id) => !delivered.has(id)).length;
        return {
          got: [
            `${poisons.length - missing}/${poisons.length}× dead letter "${reasons.find((r) => r !== undefined) ?? 'none'}"`,
          ],
          failures: missing === 0 ? [] : [`${missing} poison records were not dead-lettered with a reason`],
          lost,
          figures: { good_after_poison: `${good.size - lost}/${good.size}` },
        };
      },
    };
  },
});

import type { Producer } from 'kafkajs';
import { TestReceiver, waitFor } from '@hookline/testing';
import { header, readTopicUntil } from '../support/chaos-kafka';
import { ChaosPlatform } from '../support/chaos-platform';
import { Verdict, type Scenario } from '../support/scenario';

/**
 * Bad records from an upstream system on the ingest topic (malformed JSON, an unknown event type, no tenant),
 * each followed by a good one, plus a malformed record on the events topic itself: every bad record must reach
 * a dead-letter topic with its reason in the headers, and every good record after it must still be delivered.
 */
export const badRecords: Scenario = {
  name: 'bad records',
  bar: 'each bad record dead-lettered with its reason; the consumer keeps going',
  quick: false,
  timeoutMs: 2 * 60_000,
  async run(context) {
    const receiver = await new TestReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'bad', { logLevel: 'warn' });
    const tenant = await chaos.createTenant('bad');
    await chaos.createEndpoint(tenant.apiKey, { url: receiver.url('/good'), eventTypes: ['good.*'] });
    const upstream: Producer = chaos.kafka.kafka.producer();
    await upstream.connect();
    context.cleanup.defer('the upstream producer', () => upstream.disconnect());
    const stamp = Date.now();
    const good = (i: number) =>
      JSON.stringify({
        id: `good_${stamp}_${i}`,
        type: 'good.created',
        subject: `g_${i}`,
        tenant: tenant.id,
        data: {},
      });
    const deliveredGood = () =>
      new Set(receiver.requests.map((request) => (JSON.parse(request.body) as { id: string }).id));

    // The endpoint must route before the run, so "delivered" means "the consumer went on".
    await waitFor(
      async () => {
        await upstream.send({
          topic: chaos.kafka.topics.ingest,
          messages: [{ key: 'warm', value: good(0) }],
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        return deliveredGood().has(`good_${stamp}_0`);
      },
      { what: 'a good record to be delivered', timeoutMs: 60_000, intervalMs: 1 },
    );

    const bad: Array<{ key: string; value: string; reason: RegExp }> = [
      { key: 'malformed', value: '{"type": "good.created", ', reason: /not valid JSON/ },
      {
        key: 'unknown-type',
        value: JSON.stringify({ type: 'good.exploded', subject: 's', tenant: tenant.id, data: {} }),
        reason: /^type: /,
      },
      {
        key: 'missing-tenant',
        value: JSON.stringify({ type: 'good.created', subject: 's', data: {} }),
        reason: /^tenant: is required/,
      },
    ];
    for (const [i, record] of bad.entries()) {
      await upstream.send({
        topic: chaos.kafka.topics.ingest,
        messages: [record, { key: `good-${i + 1}`, value: good(i + 1) }],
      });
    }
    // And straight onto the events topic: delivery's own consumer must dead-letter it and go on.
    await upstream.send({
      topic: chaos.kafka.topics.events,
      messages: [{ key: 'broken-event', value: '{not json' }],
    });
    await upstream.send({
      topic: chaos.kafka.topics.ingest,
      messages: [{ key: 'good-last', value: good(9) }],
    });

    const wantedGood = [1, 2, 3, 9].map((i) => `good_${stamp}_${i}`);
    await waitFor(() => wantedGood.every((id) => deliveredGood().has(id)), {
      what: 'every good record after a bad one to be delivered',
      timeoutMs: 60_000,
    }).catch(() => undefined);
    const ingestDead = await readTopicUntil(
      chaos.kafka.kafka,
      chaos.kafka.topics.ingestDeadLetter,
      (messages) => messages.length >= bad.length,
      { timeoutMs: 30_000 },
    ).catch(() => []);
    const eventsDead = await readTopicUntil(
      chaos.kafka.kafka,
      chaos.kafka.topics.deliveriesDeadLetter,
      (messages) => messages.some((m) => m.key?.toString() === 'broken-event'),
      { timeoutMs: 30_000 },
    ).catch(() => []);

    const verdict = new Verdict();
    const reasons = new Map(
      ingestDead.map((message) => [message.key?.toString() ?? '', header(message, 'hookline-dlq-reason')]),
    );
    const broken = eventsDead.find((message) => message.key?.toString() === 'broken-event');
    reasons.set('broken-event', broken === undefined ? undefined : header(broken, 'hookline-dlq-reason'));
    let deadLettered = 0;
    for (const record of [...bad, { key: 'broken-event', reason: /./ }]) {
      const reason = reasons.get(record.key);
      const ok = reason !== undefined && record.reason.test(reason);
      if (verdict.check(ok, `${record.key}: dead-letter reason ${reason ?? 'missing'}`)) deadLettered++;
    }
    const goodDelivered = wantedGood.filter((id) => deliveredGood().has(id)).length;
    verdict.check(
      goodDelivered === wantedGood.length,
      `${wantedGood.length - goodDelivered} good records after bad ones were not delivered`,
    );
    return verdict.result({
      bad_records: bad.length + 1,
      dead_lettered_with_reason: `${deadLettered}/${bad.length + 1}`,
      good_after_bad_delivered: `${goodDelivered}/${wantedGood.length}`,
      reasons: [...reasons.entries()]
        .map(([key, reason]) => `${key}:"${(reason ?? '-').slice(0, 60)}"`)
        .join('; '),
    });
  },
};

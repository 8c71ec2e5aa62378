import { rm } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { webhookIdFor } from '@hookline/contracts';
import { freePort, waitFor } from '@hookline/testing';
import {
  startLocalKafka,
  type LocalKafka,
  type LocalKafkaOptions,
} from '../../tools/local-kafka/local-kafka';
import { awaitRouting, sleep } from '../support/await-routing';
import { shortId } from '../support/chaos-kafka';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, auditDeliveries } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const PATH = '/broker';
const DOWN_MS = 5_000;
const CHUNK = 50;

/**
 * The whole platform on a broker of its own (never the shared one), restarted while events are published and
 * delivered: every event the producer acknowledged (202) must reach the receiver once the broker is back.
 */
export const brokerRestart: Scenario = {
  name: 'broker restart',
  bar: 'acknowledged minus delivered = 0',
  quick: false,
  timeoutMs: 6 * 60_000,
  async run(context) {
    const total = context.scale.brokerRestartEvents;
    const options: LocalKafkaOptions = {
      port: await freePort(),
      controllerPort: await freePort(),
      dataDir: resolve(__dirname, '..', '..', '.local', `chaos-kafka-${shortId()}`),
      ephemeral: false, // the restart must find its data
      heapMb: 384,
    };
    context.cleanup.defer('the broker data', () => rm(options.dataDir, { recursive: true, force: true }));
    context.progress(`broker restart: starting a broker on 127.0.0.1:${options.port}`);
    let broker: LocalKafka = await startLocalKafka(options);
    if (!broker.startedByUs)
      throw new Error(`a broker already answers on ${options.port}; refusing to restart it`);
    context.cleanup.defer('the chaos broker', () => broker.stop());

    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'broker', {
      kafkaBrokers: broker.brokers,
      logLevel: 'warn',
    });
    const tenant = await chaos.createTenant('broker');
    const endpoint = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url(PATH),
      eventTypes: ['broker.*'],
    });
    await awaitRouting(chaos, tenant.id, 'broker.updated', (ids) =>
      receiver.succeeded(PATH).some((receipt) => ids.has(receipt.eventId ?? '')),
    );

    const events = makeEvents(tenant.id, 'broker.created', total, `broker_${Date.now()}`);
    const acknowledged: string[] = [];
    let refused = 0;
    let publishing = true;
    // Paced publishing across the restart; a refused or failed request is retried later, never counted.
    const publisher = (async () => {
      const deadline = Date.now() + 180_000;
      for (let start = 0; start < events.length && Date.now() < deadline;) {
        const chunk = events.slice(start, start + CHUNK);
        try {
          acknowledged.push(...(await chaos.publish(chunk, CHUNK)));
          start += CHUNK;
        } catch {
          refused++;
          await sleep(500);
        }
        await sleep(20);
      }
      publishing = false;
    })();

    await waitFor(() => acknowledged.length >= total / 3, {
      what: 'a third acknowledged',
      timeoutMs: 120_000,
    });
    const deliveredAtStop = receiver.succeeded(PATH).length;
    context.progress(`broker restart: stopping the broker at ${acknowledged.length} acknowledged`);
    const stoppedAt = Date.now();
    await broker.stop();
    await sleep(DOWN_MS);
    broker = await startLocalKafka(options);
    const downMs = Date.now() - stoppedAt;
    context.progress(`broker restart: broker back after ${downMs} ms`);
    const before = receiver.receipts.length;
    await waitFor(() => receiver.receipts.length > before, {
      what: 'deliveries to resume',
      timeoutMs: 120_000,
    }).catch(() => undefined);
    const resumeMs = Date.now() - stoppedAt - downMs;
    await publisher;

    const expected = new Map(
      acknowledged.map((id) => [id, webhookIdFor(tenant.id, id, endpoint.id)] as [string, string]),
    );
    await waitFor(() => auditDeliveries(receiver.receipts, expected, PATH).missing === 0, {
      what: 'every acknowledged event delivered',
      timeoutMs: 180_000,
      intervalMs: 500,
    }).catch(() => undefined);
    await sleep(1_000);
    const audit = auditDeliveries(receiver.receipts, expected, PATH);
    // Where the missing ones are: still in the producer's outbox (not published), or published and not delivered.
    const outboxLeft = await countOutbox(chaos.database.url).catch(() => -1);

    const verdict = new Verdict();
    verdict.check(
      !publishing && acknowledged.length === total,
      `only ${acknowledged.length}/${total} were acknowledged`,
    );
    verdict.check(audit.missing === 0, `${audit.missing} acknowledged events never delivered`);
    verdict.check(audit.wrongIds === 0, `${audit.wrongIds} deliveries carried another webhook-id`);
    return verdict.result({
      acknowledged: acknowledged.length,
      delivered: audit.uniqueDelivered,
      acknowledged_minus_delivered: audit.missing,
      duplicates: audit.duplicates,
      delivered_before_stop: deliveredAtStop,
      broker_down_s: (downMs / 1000).toFixed(1),
      resume_after_back_s: (resumeMs / 1000).toFixed(1),
      publish_retries: refused,
      outbox_rows_left: outboxLeft,
    });
  },
};

async function countOutbox(url: string): Promise<number> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return Number(
      (await client.query<{ n: string }>('SELECT count(*)::text AS n FROM producer.outbox')).rows[0].n,
    );
  } finally {
    await client.end();
  }
}

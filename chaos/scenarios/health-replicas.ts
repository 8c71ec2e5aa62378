import { join } from 'node:path';
import {
  createTestDatabase,
  freePort,
  platformServiceEnv,
  startServiceProcess,
  waitFor,
  type CreatedEndpoint,
} from '@hookline/testing';
import { awaitRoutingOnEveryReplica, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents, type Json } from '../support/chaos-platform';
import { RecordingReceiver, type Receipt } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const EVENTS = 900;
/** Receivers with different fates, so the numbers to compare differ per endpoint. */
const PATHS = ['/ok', '/flaky', '/slow', '/down'] as const;

/**
 * Scale-out row 4: two health replicas project the same delivery outcomes (one is SIGKILLed and restarted
 * mid-run, so partitions change owner with batches in flight). Afterwards one health process projects the
 * same outcomes topic from its start into an empty database: every endpoint's numbers must be identical.
 */
export const healthReplicas: Scenario = {
  name: 'health replicas',
  bar: "two health replicas (one killed mid-run) give every endpoint's numbers a single projection gives",
  quick: false,
  timeoutMs: 12 * 60_000,
  async run(context) {
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    let flaky = 0;
    receiver.reply = (receipt) => {
      if (receipt.path === '/down') return { status: 503 };
      if (receipt.path === '/flaky') return { status: flaky++ % 3 === 0 ? 500 : 200 };
      if (receipt.path === '/slow') return { status: 200, delayMs: 30 };
      return { status: 200 };
    };
    const chaos = await ChaosPlatform.start(context, 'hrep', {
      logLevel: 'warn',
      replicas: { health: 2 },
      serviceEnv: {
        // Two attempts, then dead-lettered: the outcomes stop, so the projection settles.
        delivery: { DELIVERY_RETRY_SCHEDULE: '0,1s', DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000' },
      },
    });
    const tenant = await chaos.createTenant('hrep');
    const endpoints: CreatedEndpoint[] = [];
    for (const path of PATHS) {
      endpoints.push(
        await chaos.createEndpoint(tenant.apiKey, { url: receiver.url(path), eventTypes: ['hrep.*'] }),
      );
    }
    await awaitRoutingOnEveryReplica(chaos, tenant.id, 'hrep.updated', () => okIds(receiver.receipts));

    context.progress(
      `health replicas: ${EVENTS} events to ${PATHS.length} endpoints, one health replica killed`,
    );
    const events = makeEvents(tenant.id, 'hrep.created', EVENTS, `hrep_${Date.now()}`);
    await chaos.publish(events.slice(0, EVENTS / 2));
    await sleep(1_500);
    await chaos.platform.replicas.health[1].kill();
    await chaos.publish(events.slice(EVENTS / 2));
    await chaos.platform.restart('health', 1);
    const healthUrls = chaos.platform.replicaUrls.health;
    const read = (url: string) =>
      readAll(
        chaos,
        url,
        tenant.apiKey,
        endpoints.map((e) => e.id),
      );
    const projected = await settled(() => read(healthUrls[1]));
    const fromOther = await read(healthUrls[0]);

    context.progress('health replicas: one health process projects the same topic into an empty database');
    await Promise.all(chaos.platform.replicas.health.map((replica) => replica.stop()));
    const database = await createTestDatabase(context.databaseServerUrl);
    context.cleanup.defer('the single projection database', () => database.drop());
    const port = await freePort();
    const single = await startServiceProcess({
      service: 'health',
      port,
      env: {
        ...platformServiceEnv({ ...chaos.platform.options, databaseUrl: database.url }, port),
        ...chaos.platform.options.serviceEnv?.health,
      },
      logFile: join(chaos.logDir, 'health-single.log'),
      readyTimeoutMs: 180_000,
    });
    context.cleanup.defer('the single health process', () => single.stop());
    const alone = await settled(() => read(single.url), projected);

    const verdict = new Verdict();
    const differing = endpoints.filter(
      (e) => JSON.stringify(projected[e.id]) !== JSON.stringify(alone[e.id]),
    );
    verdict.check(
      JSON.stringify(projected) === JSON.stringify(fromOther),
      'the two health replicas answered different numbers',
    );
    for (const endpoint of differing) {
      verdict.note(`${endpoint.id}: replicas ${JSON.stringify(projected[endpoint.id])}`);
      verdict.note(`${endpoint.id}: single   ${JSON.stringify(alone[endpoint.id])}`);
    }
    verdict.check(differing.length === 0, `${differing.length} endpoints differ from the single projection`);
    const attempts = Object.values(projected).reduce((sum, h) => sum + Number(h.attemptsTotal), 0);
    return verdict.result({
      events: EVENTS,
      endpoints: endpoints.length,
      attempts_projected: attempts,
      endpoints_identical: endpoints.length - differing.length,
      endpoints_differing: differing.length,
    });
  },
};

function okIds(receipts: Receipt[]): Set<string> {
  return new Set(receipts.flatMap((r) => (r.path === '/ok' && r.eventId !== undefined ? [r.eventId] : [])));
}

/** The numbers to compare: everything the health API answers but the time it was computed at. */
async function readAll(
  chaos: ChaosPlatform,
  url: string,
  apiKey: string,
  endpointIds: string[],
): Promise<Record<string, Json>> {
  const all: Record<string, Json> = {};
  for (const id of endpointIds) {
    const answer = await chaos.client.call('GET', `${url}/v1/endpoints/${id}/health`, apiKey);
    if (answer.status !== 200) throw new Error(`health of ${id} answered ${answer.status}`);
    const numbers = { ...(answer.body as Json) };
    delete numbers.asOf;
    all[id] = numbers;
  }
  return all;
}

/**
 * Reads until two reads 5 s apart agree (the outcomes stopped and the projection caught up), or until they
 * equal `target`. Bounded by 6 minutes.
 */
async function settled(
  read: () => Promise<Record<string, Json>>,
  target?: Record<string, Json>,
): Promise<Record<string, Json>> {
  let last = '';
  let latest: Record<string, Json> = {};
  await waitFor(
    async () => {
      latest = await read().catch(() => ({}));
      const now = JSON.stringify(latest);
      if (target !== undefined && now === JSON.stringify(target)) return true;
      const stable = now === last && now !== '{}';
      last = now;
      return stable;
    },
    { what: 'the health projection to settle', timeoutMs: 6 * 60_000, intervalMs: 5_000 },
  ).catch(() => undefined);
  return latest;
}

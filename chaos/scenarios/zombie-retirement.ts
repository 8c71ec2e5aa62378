import type { EndpointHealthDecision } from '@hookline/contracts';
import { TestReceiver, waitFor } from '@hookline/testing';
import { sleep } from '../support/await-routing';
import { readWholeTopic } from '../support/chaos-kafka';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { Verdict, type Scenario } from '../support/scenario';

/** 108,000 simulated ms per real ms: the default 5-day policy runs out about 4 s after the failures start. */
const CLOCK_RATE = 108_000;
const DISABLE_AFTER_MS = 5 * 86_400_000;
const EVENTS = 20;

/**
 * An endpoint that keeps failing, with health's clock compressed through HEALTH_CLOCK_RATE only: it must be
 * disabled when the policy's bound (5 days without a success while failing) is reached, never before, the
 * tenant must hear exactly once, and after the tenant fixes and re-enables it a replay must deliver every
 * event it missed.
 */
export const zombieRetirement: Scenario = {
  name: 'zombie retirement',
  bar: "disabled at the policy's bound; exactly one notice; replay after re-enable delivers everything",
  quick: false,
  timeoutMs: 3 * 60_000,
  async run(context) {
    let fixed = false;
    const deliveredAfterFix = new Set<string>();
    const receiver = await new TestReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    receiver.reply = (request) => {
      if (request.path !== '/dead') return { status: 200 };
      if (!fixed) return { status: 503 };
      deliveredAfterFix.add((JSON.parse(request.body) as { id: string }).id);
      return { status: 200 };
    };
    const chaos = await ChaosPlatform.start(context, 'zombie', {
      logLevel: 'warn',
      serviceEnv: {
        health: { HEALTH_CLOCK_RATE: String(CLOCK_RATE), HEALTH_SWEEP_INTERVAL_MS: '500' },
        delivery: { DELIVERY_RETRY_SCHEDULE: '0,1s,2s,4s', DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000' },
      },
    });
    const tenant = await chaos.createTenant('zombie');
    await chaos.createEndpoint(tenant.apiKey, { url: receiver.url('/ops'), eventTypes: ['endpoint.*'] });
    const dead = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/dead'),
      eventTypes: ['zombie.*'],
    });
    const since = new Date(Date.now() - 1_000).toISOString();
    const events = makeEvents(tenant.id, 'zombie.created', EVENTS, `zombie_${Date.now()}`);
    // The first event doubles as the routing probe: it arrives (and fails) once delivery knows the endpoint.
    await waitFor(
      async () => {
        if (receiver.requests.some((request) => request.path === '/dead')) return true;
        await chaos.publish(events.slice(0, 1));
        return false;
      },
      { what: 'the first failing attempt', timeoutMs: 60_000, intervalMs: 1_000 },
    );
    const failingFrom = Date.now();
    await chaos.publish(events.slice(1));

    const endpoint = async () =>
      (await chaos.call('subscription', 'GET', `/v1/endpoints/${dead.id}`, tenant.apiKey)).body;
    const health = async () =>
      (await chaos.call('health', 'GET', `/v1/endpoints/${dead.id}/health`, tenant.apiKey)).body;
    await waitFor(async () => (await endpoint()).enabled === false, {
      what: 'the failing endpoint to be disabled',
      timeoutMs: 90_000,
      intervalMs: 200,
    });
    const realToDisableMs = Date.now() - failingFrom;
    const retired = await health();
    const simulatedMs = Date.parse(String(retired.retiredAt)) - Date.parse(String(retired.failingSince));
    const notices = () =>
      receiver.requests
        .filter((request) => request.path === '/ops')
        .map((request) => JSON.parse(request.body) as { type: string; subject: string })
        .filter((event) => event.type === 'endpoint.disabled' && event.subject === dead.id).length;
    await waitFor(() => notices() > 0, { what: 'the endpoint.disabled notice', timeoutMs: 30_000 }).catch(
      () => 0,
    );
    await sleep(3_000); // a second notice would arrive in this time
    const decisions = (await readWholeTopic(chaos.kafka.kafka, chaos.kafka.topics.endpointHealth))
      .map((record) => JSON.parse(String(record.value)) as EndpointHealthDecision)
      .filter((decision) => decision.endpointId === dead.id && decision.decision === 'disable');

    fixed = true;
    const enabled = await chaos.call(
      'subscription',
      'POST',
      `/v1/endpoints/${dead.id}/enable`,
      tenant.apiKey,
      {},
    );
    await waitFor(async () => (await health()).enabled === true, { what: 'health to see the re-enable' });
    // Delivery applies the re-enable from the subscriptions topic; a replay before that would skip the endpoint.
    const replay = await waitFor(
      async () => {
        const answer = await chaos.call(
          'delivery',
          'POST',
          `/v1/endpoints/${dead.id}/replay`,
          tenant.apiKey,
          {
            since,
          },
        );
        if (answer.status !== 202) return undefined;
        await sleep(2_000);
        return deliveredAfterFix.size > 0 ? answer : undefined;
      },
      { what: 'a replay that delivers', timeoutMs: 60_000, intervalMs: 500 },
    ).catch(() => undefined);
    const wanted = new Set(events.map((event) => event.id));
    const replayed = () => [...wanted].filter((id) => deliveredAfterFix.has(id)).length;
    await waitFor(() => replayed() === EVENTS, {
      what: 'every missed event replayed',
      timeoutMs: 60_000,
    }).catch(() => undefined);

    const verdict = new Verdict();
    verdict.check(
      simulatedMs === DISABLE_AFTER_MS,
      `retired after ${simulatedMs} simulated ms of failing, not the policy's ${DISABLE_AFTER_MS}`,
    );
    verdict.check(decisions.length === 1, `${decisions.length} disable decisions`);
    const decidedAfterMs = decisions.map(
      (d) => Date.parse(d.decidedAt) - Date.parse(d.failingSince ?? d.decidedAt),
    );
    verdict.check(
      decidedAfterMs.every((ms) => ms >= DISABLE_AFTER_MS),
      `a disable was decided before the bound (${decidedAfterMs.join(', ')} simulated ms)`,
    );
    verdict.check(notices() === 1, `${notices()} endpoint.disabled notices`);
    verdict.check(enabled.status < 300, `re-enable answered ${enabled.status}`);
    verdict.check(replay !== undefined, 'no replay delivered anything');
    verdict.check(replayed() === EVENTS, `${EVENTS - replayed()} missed events were not replayed`);
    return verdict.result({
      disabled_after_real_s: (realToDisableMs / 1000).toFixed(1),
      disabled_after_simulated_d: (simulatedMs / 86_400_000).toFixed(3),
      decided_after_simulated_d: decidedAfterMs.map((ms) => (ms / 86_400_000).toFixed(3)).join('/'),
      policy_d: DISABLE_AFTER_MS / 86_400_000,
      disable_decisions: decisions.length,
      notices: notices(),
      replayed: `${replayed()}/${EVENTS}`,
    });
  },
};

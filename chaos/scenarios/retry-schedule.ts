import { createServer } from 'node:http';
import { waitFor } from '@hookline/testing';
import { awaitRouting, sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver, type Receipt } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const SCHEDULE_S = [1, 2, 3];
const JITTER = 0.1;
/** Tier pickup latency on a loaded 2-core box: the consumer polls, then waits for the head to be due. */
const PICKUP_ALLOWANCE_MS = 1_500;
const DOWN_EVENTS = 10;

/**
 * One receiver, one endpoint per behaviour: 503 three times then 200, 429 with Retry-After, 410, 302, and one
 * that is down until every attempt is exhausted and then recovers (the dead letters are recovered through the
 * API). The schedule is compressed to 0,1s,2s,3s through DELIVERY_RETRY_SCHEDULE.
 */
export const retrySchedule: Scenario = {
  name: 'retry schedule',
  bar: 'within jitter; 410 disables; 3xx is a failure and not followed; all delivered after recovery',
  quick: false,
  timeoutMs: 4 * 60_000,
  async run(context) {
    let flakyCalls = 0;
    let throttledCalls = 0;
    let downRecovered = false;
    let redirectHits = 0;
    const redirectTarget = createServer((_, response) => {
      redirectHits++;
      response.end('followed');
    });
    await new Promise<void>((resolve) => redirectTarget.listen(0, '127.0.0.1', resolve));
    context.cleanup.defer(
      'the redirect target',
      () => new Promise((resolve) => redirectTarget.close(resolve)),
    );
    const target = `http://127.0.0.1:${(redirectTarget.address() as { port: number }).port}/elsewhere`;

    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    receiver.reply = (receipt) => {
      switch (receipt.path) {
        case '/flaky':
          return { status: ++flakyCalls <= 3 ? 503 : 200 };
        case '/throttled':
          return ++throttledCalls === 1 ? { status: 429, headers: { 'retry-after': '2' } } : { status: 200 };
        case '/gone':
          return { status: 410 };
        case '/moved':
          return { status: 302, headers: { location: target } };
        case '/down':
          return { status: downRecovered ? 200 : 503 };
        default:
          return { status: 200 };
      }
    };

    const chaos = await ChaosPlatform.start(context, 'retry', {
      logLevel: 'warn',
      serviceEnv: {
        delivery: {
          DELIVERY_RETRY_SCHEDULE: ['0', ...SCHEDULE_S.map((s) => `${s}s`)].join(','),
          DELIVERY_RETRY_JITTER: String(JITTER),
          DELIVERY_TIMEOUT_MS: '3000',
          DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
        },
      },
    });
    const tenant = await chaos.createTenant('retry');
    const endpoints: Record<string, string> = {};
    for (const name of ['flaky', 'throttled', 'gone', 'moved', 'down']) {
      endpoints[name] = (
        await chaos.createEndpoint(tenant.apiKey, {
          url: receiver.url(`/${name}`),
          eventTypes: [`${name}.*`],
        })
      ).id;
    }
    // The subscriptions topic has one partition: once the last endpoint routes, every earlier one does.
    await chaos.createEndpoint(tenant.apiKey, { url: receiver.url('/ready'), eventTypes: ['ready.*'] });
    await awaitRouting(chaos, tenant.id, 'ready.created', (ids) =>
      receiver.succeeded('/ready').some((r) => ids.has(r.eventId ?? '')),
    );

    const to = (path: string): Receipt[] => receiver.receipts.filter((receipt) => receipt.path === path);
    await chaos.publish([
      ...makeEvents(tenant.id, 'flaky.created', 1, 'flaky'),
      ...makeEvents(tenant.id, 'throttled.created', 1, 'throttled'),
      ...makeEvents(tenant.id, 'gone.created', 1, 'gone'),
      ...makeEvents(tenant.id, 'moved.created', 1, 'moved'),
      ...makeEvents(tenant.id, 'down.created', DOWN_EVENTS, 'down'),
    ]);
    const lastDelay =
      SCHEDULE_S.reduce((sum, s) => sum + s, 0) * 1000 * (1 + JITTER) + 4 * PICKUP_ALLOWANCE_MS;
    await waitFor(
      () => to('/flaky').length >= 4 && to('/throttled').length >= 2 && to('/moved').length >= 4,
      { what: 'the scripted attempts', timeoutMs: lastDelay + 30_000 },
    ).catch(() => undefined);
    // Every /down delivery is exhausted (4 attempts each) before the receiver recovers.
    await waitFor(() => to('/down').length >= 4 * DOWN_EVENTS, {
      what: 'every /down attempt',
      timeoutMs: lastDelay + 30_000,
    }).catch(() => undefined);
    await sleep(1_500);
    const downAttemptsBeforeRecovery = to('/down').length;

    const verdict = new Verdict();
    const flaky = to('/flaky');
    const gaps = flaky.slice(1).map((receipt, i) => receipt.receivedAt - flaky[i].receivedAt);
    verdict.check(flaky.length === 4, `/flaky got ${flaky.length} attempts, not 4`);
    SCHEDULE_S.forEach((seconds, i) => {
      const gap = gaps[i] ?? NaN;
      const low = seconds * 1000 * (1 - JITTER) - 50;
      const high = seconds * 1000 * (1 + JITTER) + PICKUP_ALLOWANCE_MS;
      verdict.check(gap >= low && gap <= high, `gap ${i + 1} was ${gap} ms, outside [${low}, ${high}] ms`);
    });
    verdict.check(new Set(flaky.map((r) => r.webhookId)).size === 1, '/flaky attempts changed webhook-id');
    const throttled = to('/throttled');
    const throttleGap = throttled.length >= 2 ? throttled[1].receivedAt - throttled[0].receivedAt : NaN;
    verdict.check(throttleGap >= 1_950, `Retry-After: 2 was not honoured (gap ${throttleGap} ms)`);

    const goneDisabled = await waitFor(
      async () => {
        const answer = await chaos.call(
          'subscription',
          'GET',
          `/v1/endpoints/${endpoints.gone}`,
          tenant.apiKey,
        );
        return answer.body?.enabled === false ? (answer.body.disabledReason as string) : undefined;
      },
      { what: 'the 410 endpoint to be disabled', timeoutMs: 30_000 },
    ).catch(() => undefined);
    verdict.check(goneDisabled !== undefined, 'the endpoint that answered 410 was not disabled');
    verdict.check(to('/gone').length === 1, `/gone got ${to('/gone').length} attempts, not 1`);
    verdict.check(
      to('/moved').length === 4,
      `/moved got ${to('/moved').length} attempts, not 4 (3xx is retried)`,
    );
    verdict.check(redirectHits === 0, `a redirect was followed ${redirectHits} times`);
    verdict.check(
      downAttemptsBeforeRecovery === 4 * DOWN_EVENTS,
      `/down got ${downAttemptsBeforeRecovery} attempts before recovery, not ${4 * DOWN_EVENTS}`,
    );

    downRecovered = true;
    const recover = await chaos.call(
      'delivery',
      'POST',
      `/v1/endpoints/${endpoints.down}/recover`,
      tenant.apiKey,
      {},
    );
    verdict.check(recover.status === 202, `recover answered ${recover.status}`);
    const downIds = new Set(makeEvents(tenant.id, 'down.created', DOWN_EVENTS, 'down').map((e) => e.id));
    const recovered = () => new Set(receiver.succeeded('/down').map((r) => r.eventId)).size;
    await waitFor(() => recovered() === downIds.size, {
      what: 'every /down event after recovery',
      timeoutMs: 60_000,
    }).catch(() => undefined);
    verdict.check(recovered() === downIds.size, `${downIds.size - recovered()} /down events never delivered`);

    return verdict.result({
      gaps_s: gaps.map((gap) => (gap / 1000).toFixed(2)).join('/'),
      schedule_s: SCHEDULE_S.join('/'),
      retry_after_gap_s: (throttleGap / 1000).toFixed(2),
      gone_attempts: to('/gone').length,
      gone_disabled: goneDisabled !== undefined ? 'yes' : 'no',
      redirect_attempts: to('/moved').length,
      redirects_followed: redirectHits,
      recovered: `${recovered()}/${downIds.size}`,
    });
  },
};

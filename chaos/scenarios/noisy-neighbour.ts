import { waitFor } from '@hookline/testing';
import { sleep } from '../support/await-routing';
import { ChaosPlatform, makeEvents } from '../support/chaos-platform';
import { RecordingReceiver } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const EVENTS = 500;
const HEALTHY = 9;
const TIMEOUT_MS = 5_000;

interface Round {
  perSecond: number;
  p99Ms: number;
}

/**
 * Nine healthy endpoints and a tenth that hangs until the attempt timeout, every event going to all of them:
 * the nine's throughput and accept-to-receive p99 are compared with rounds where the tenth is disabled.
 * After two warm-up rounds, rounds run without, with, with, without on one platform and each kind's mean
 * counts, so a drift in the machine's other load weighs on both sides alike.
 */
export const noisyNeighbour: Scenario = {
  name: 'noisy neighbour',
  bar: "healthy nine's throughput and p99 within 10% of a run without the bad one",
  quick: false,
  timeoutMs: 6 * 60_000,
  async run(context) {
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    let tenthHangs = true;
    receiver.reply = (receipt) =>
      receipt.path === '/hang' && tenthHangs ? { status: 200, delayMs: 120_000 } : { status: 200 };
    const chaos = await ChaosPlatform.start(context, 'noisy', {
      logLevel: 'warn',
      serviceEnv: { delivery: { DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS) } },
    });
    const tenant = await chaos.createTenant('noisy');
    for (let i = 0; i < HEALTHY; i++)
      await chaos.createEndpoint(tenant.apiKey, { url: receiver.url(`/ok${i}`), eventTypes: ['noisy.*'] });
    const hanging = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/hang'),
      eventTypes: ['noisy.*'],
      enabled: false,
    });
    const toggle = async (enabled: boolean) => {
      const action = enabled ? 'enable' : 'disable';
      const answer = await chaos.call(
        'subscription',
        'POST',
        `/v1/endpoints/${hanging.id}/${action}`,
        tenant.apiKey,
        {},
      );
      if (answer.status >= 300) throw new Error(`${action} answered ${answer.status}`);
      await sleep(1_500); // delivery applies it from the subscriptions topic
    };
    let tenthEnabled = false;
    /**
     * Every round with the tenth starts from a new endpoint version (disabled, then enabled), so delivery
     * gives it a fresh gate: a circuit the previous round opened does not carry over into the next.
     */
    const setTenth = async (enabled: boolean) => {
      if (tenthEnabled) await toggle(false);
      if (enabled) await toggle(true);
      tenthEnabled = enabled;
    };

    // What delivery did in a round (steps by outcome, attempts by error class), from its Prometheus counters:
    // shows where a hanging endpoint's cost goes.
    const deliveryCounters = async (): Promise<Map<string, number>> => {
      const text = await (await fetch(`${chaos.url('delivery')}/metrics`)).text();
      const counters = new Map<string, number>();
      for (const line of text.split('\n')) {
        const match = /^hookline_(deliveries_total|delivery_attempts_total)\{([^}]*)\} (\d+)/.exec(line);
        if (match) counters.set(`${match[1]}{${match[2]}}`, Number(match[3]));
      }
      return counters;
    };
    let roundNo = 0;
    const runRound = async (): Promise<Round> => {
      roundNo++;
      const before = await deliveryCounters();
      const events = makeEvents(tenant.id, 'noisy.created', EVENTS, `noisy_${roundNo}_${Date.now()}`);
      const acceptedAt = new Map<string, number>();
      const ids = new Set(events.map((event) => event.id));
      const first = receiver.receipts.length;
      const started = Date.now();
      for (let start = 0; start < events.length; start += 100) {
        const chunk = events.slice(start, start + 100);
        await chaos.publish(chunk);
        const now = Date.now();
        for (const event of chunk) acceptedAt.set(event.id, now);
      }
      const healthy = () =>
        receiver.receipts
          .slice(first)
          .filter((r) => r.path.startsWith('/ok') && r.status === 200 && ids.has(r.eventId ?? ''));
      await waitFor(() => healthy().length >= HEALTHY * EVENTS, {
        what: `round ${roundNo}: every healthy delivery`,
        timeoutMs: 120_000,
        intervalMs: 50,
      });
      const receipts = healthy();
      const after = await deliveryCounters();
      const delta = [...after]
        .filter(([k, v]) => v !== (before.get(k) ?? 0))
        .map(([k, v]) => `${k}+${v - (before.get(k) ?? 0)}`);
      context.progress(`round ${roundNo} delivery steps: ${delta.join(' ')}`);
      const last = Math.max(...receipts.map((r) => r.receivedAt));
      const latencies = receipts.map((r) => r.receivedAt - acceptedAt.get(r.eventId!)!).sort((a, b) => a - b);
      return {
        perSecond: Math.round((HEALTHY * EVENTS) / ((last - started) / 1000)),
        p99Ms: latencies[Math.floor(latencies.length * 0.99)],
      };
    };

    const without: Round[] = [];
    const withBad: Round[] = [];
    // Warm-up: routes the endpoints and warms connections; not measured.
    await waitFor(
      async () => {
        await chaos.publish(makeEvents(tenant.id, 'noisy.created', 1, `warm_${Date.now()}`));
        await sleep(500);
        return new Set(receiver.receipts.map((r) => r.path)).size >= HEALTHY;
      },
      { what: 'all nine endpoints to route', timeoutMs: 60_000, intervalMs: 1 },
    );
    // Two unmeasured rounds warm the services (JIT, connection pools, consumer fetch sizes); then A B B A,
    // compared by the mean of each kind, so a linear drift over the run (other load) cancels out.
    for (let warm = 0; warm < 2; warm++)
      context.progress(`noisy neighbour: warm-up ${JSON.stringify(await runRound())}`);
    // Beside the bar's comparison, rounds where the tenth answers at once: what one more endpoint costs at
    // all on a CPU-bound box, as opposed to what its hanging costs.
    const tenthHealthy: Round[] = [];
    for (const kind of ['without', 'hanging', 'healthy', 'healthy', 'hanging', 'without'] as const) {
      tenthHangs = kind === 'hanging';
      await setTenth(kind !== 'without');
      const round = await runRound();
      ({ without, hanging: withBad, healthy: tenthHealthy })[kind].push(round);
      context.progress(`noisy neighbour: tenth ${kind} ${JSON.stringify(round)}`);
    }
    const hangRequests = receiver.receipts.filter((r) => r.path === '/hang').length;
    const mean = (rounds: Round[]) => ({
      perSecond: rounds.reduce((sum, r) => sum + r.perSecond, 0) / rounds.length,
      p99Ms: rounds.reduce((sum, r) => sum + r.p99Ms, 0) / rounds.length,
    });
    const a = mean(without);
    const b = mean(withBad);
    const c = mean(tenthHealthy);
    const throughputRatio = b.perSecond / a.perSecond;
    const p99Ratio = b.p99Ms / a.p99Ms;

    const verdict = new Verdict();
    verdict.check(hangRequests > 0, 'the hanging endpoint never got a request');
    verdict.check(
      throughputRatio >= 0.9,
      `throughput with the bad endpoint is ${throughputRatio.toFixed(2)}× without`,
    );
    verdict.check(p99Ratio <= 1.1, `p99 with the bad endpoint is ${p99Ratio.toFixed(2)}× without`);
    return verdict.result({
      deliveries_per_round: HEALTHY * EVENTS,
      without_per_s: without.map((r) => r.perSecond).join('/'),
      with_per_s: withBad.map((r) => r.perSecond).join('/'),
      without_p99_ms: without.map((r) => r.p99Ms).join('/'),
      with_p99_ms: withBad.map((r) => r.p99Ms).join('/'),
      throughput_ratio: throughputRatio.toFixed(2),
      tenth_healthy_per_s: tenthHealthy.map((r) => r.perSecond).join('/'),
      tenth_healthy_ratio: (c.perSecond / a.perSecond).toFixed(2),
      p99_ratio: p99Ratio.toFixed(2),
      tenth_healthy_p99_ratio: (c.p99Ms / a.p99Ms).toFixed(2),
      hanging_requests: hangRequests,
    });
  },
};

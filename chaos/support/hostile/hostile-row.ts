import { waitFor } from '@hookline/testing';
import { ChaosPlatform, type ChaosPlatformOptions } from '../chaos-platform';
import { RecordingReceiver } from '../recording-receiver';
import { Verdict, type Figures, type Scenario, type ScenarioContext } from '../scenario';
import { HealthyTenant, type HealthyRound } from './healthy-tenant';
import { outboxBacklog, totalBacklog } from './outbox-watch';
import { describeLag, laggingPartitions, type LaggingPartition } from './partition-watch';

/** What a hostile row's abuse has to work with: the running platform and the healthy tenant beside it. */
export interface HostileSetup {
  context: ScenarioContext;
  chaos: ChaosPlatform;
  receiver: RecordingReceiver;
  healthy: HealthyTenant;
}

/** What the abuser got, and what the abuse left behind. */
export interface AbuseResult {
  /** The exact refusals or dead letters (status, code, reason), printed as the row's `abuser_got`. */
  got: string[];
  /** Where an answer or dead letter was not the exact one the defence must give: each fails the row. */
  failures: string[];
  /** Events the abuse side had accepted (202, or written to Kafka as valid) that never arrived. */
  lost?: number;
  figures?: Figures;
  notes?: string[];
}

export interface Abuse {
  /** Runs beside the healthy tenant's measured round; `healthyRunning()` is false once that round ended. */
  run(healthyRunning: () => boolean): Promise<AbuseResult>;
  /** After the traffic: reads what only shows later (dead letters, deliveries of the abuser's events). */
  settle?(): Promise<AbuseResult>;
}

export interface HostileRowSpec {
  /** The abuse, as the row is named: `hostile: <abuse>`. */
  abuse: string;
  /** What the abuser must get, as the bar states it. */
  refusal: string;
  quick: boolean;
  timeoutMs?: number;
  platform?: ChaosPlatformOptions;
  /** Sets the abuse up on the running platform (tenants, endpoints, proxies); nothing hostile yet. */
  prepare(setup: HostileSetup): Promise<Abuse>;
}

const SETTLE_MS = 45_000;
/** Services start slowly on a machine shared with other work: a start is not what these rows measure. */
export const HOSTILE_READY_TIMEOUT_MS = 180_000;
const SPEED_BAR = 0.9;

/**
 * One row of the hostile section: the platform with a healthy tenant, a round of its traffic without the
 * abuse, a round with the abuse running beside it, and another without (the baseline is the mean of the
 * two, so the machine's drifting load weighs on both sides). Then every consumer group must reach the end
 * of every partition it reads (stuck partitions), every outbox must drain, and every accepted event must
 * have arrived (lost). The healthy tenant's throughput is a bar in `npm run chaos` (`speedBars`) and a
 * reported figure in jest, which asserts correctness only.
 */
export function hostileRow(spec: HostileRowSpec): Scenario {
  return {
    name: `hostile: ${spec.abuse}`,
    bar: `abuser gets ${spec.refusal}; healthy tenant all delivered, ≥ ${SPEED_BAR}× throughput; 0 stuck partitions; 0 lost`,
    quick: spec.quick,
    timeoutMs: spec.timeoutMs ?? 7 * 60_000,
    async run(context) {
      const receiver = await new RecordingReceiver().start();
      context.cleanup.defer('the receiver', () => receiver.stop());
      const healthyId = HealthyTenant.newTenantId();
      const healthyToken = HealthyTenant.newToken(healthyId);
      const label = `hostile${spec.abuse
        .replace(/[^a-z0-9]/gi, '')
        .slice(0, 10)
        .toLowerCase()}`;
      const chaos = await ChaosPlatform.start(context, label, {
        logLevel: 'warn',
        readyTimeoutMs: HOSTILE_READY_TIMEOUT_MS,
        ...spec.platform,
        extraIngestTokens: [...(spec.platform?.extraIngestTokens ?? []), healthyToken],
      });
      const healthy = await HealthyTenant.start(chaos, receiver, healthyId, healthyToken);
      const abuse = await spec.prepare({ context, chaos, receiver, healthy });
      const events = context.scale.hostileEvents;

      // Unmeasured: the first round after a start pays for JIT, pools and fetch sizes.
      context.progress(`warm-up: ${JSON.stringify(await healthy.round(events))}`);
      const before = await healthy.round(events);
      context.progress(`baseline before: ${JSON.stringify(before)}`);
      let running = true;
      const [during, abused] = await Promise.all([
        healthy.round(events).finally(() => (running = false)),
        abuse.run(() => running),
      ]);
      context.progress(`beside the abuse: ${JSON.stringify(during)}`);
      const after = await healthy.round(events);
      context.progress(`baseline after: ${JSON.stringify(after)}`);

      const settled = (await abuse.settle?.()) ?? { got: [], failures: [] };
      const lagging = await waitFor(
        async () => {
          const lag = await laggingPartitions(chaos.kafka);
          return lag.length === 0 ? lag : undefined;
        },
        {
          what: 'every consumer group at the end of its partitions',
          timeoutMs: SETTLE_MS,
          intervalMs: 1_000,
        },
      ).catch(() => laggingPartitions(chaos.kafka));
      const backlog = await waitFor(
        async () => {
          const rows = await outboxBacklog(chaos.database.url);
          return totalBacklog(rows) === 0 ? rows : undefined;
        },
        { what: 'every outbox drained', timeoutMs: SETTLE_MS, intervalMs: 1_000 },
      ).catch(() => outboxBacklog(chaos.database.url));

      return judge(context, { before, during, after }, abused, settled, lagging, backlog, healthy, chaos);
    },
  };
}

function judge(
  context: ScenarioContext,
  rounds: { before: HealthyRound; during: HealthyRound; after: HealthyRound },
  abused: AbuseResult,
  settled: AbuseResult,
  lagging: LaggingPartition[],
  backlog: Record<string, number>,
  healthy: HealthyTenant,
  chaos: ChaosPlatform,
): ReturnType<Verdict['result']> {
  const verdict = new Verdict();
  const { before, during, after } = rounds;
  const delivered = healthy.delivered();
  const healthyLost = [...healthy.accepted].filter((id) => !delivered.has(id)).length;
  const lost = healthyLost + (abused.lost ?? 0) + (settled.lost ?? 0);
  const baselinePerSecond = (before.perSecond + after.perSecond) / 2;
  const baselineP99 = (before.p99Ms + after.p99Ms) / 2;
  const throughputRatio = during.perSecond / baselinePerSecond;

  for (const failure of [...abused.failures, ...settled.failures]) verdict.check(false, failure);
  verdict.check(
    during.missing === 0,
    `the healthy tenant got ${during.delivered}/${during.accepted} beside the abuse`,
  );
  verdict.check(lost === 0, `${lost} accepted events never arrived (healthy ${healthyLost})`);
  verdict.check(
    lagging.length === 0,
    `stuck partitions: ${lagging.map((lag) => describeLag(lag, chaos.kafka.namespace)).join(', ')}`,
  );
  verdict.check(totalBacklog(backlog) === 0, `outbox rows left: ${JSON.stringify(backlog)}`);
  const speedOk = throughputRatio >= SPEED_BAR;
  if (context.speedBars)
    verdict.check(
      speedOk,
      `healthy throughput beside the abuse is ${throughputRatio.toFixed(2)}× the baseline`,
    );
  else if (!speedOk)
    verdict.note(`below the speed bar (reported, not asserted here): ${throughputRatio.toFixed(2)}×`);
  for (const note of [...(abused.notes ?? []), ...(settled.notes ?? [])]) verdict.note(note);

  return verdict.result({
    healthy_delivered: `${during.delivered}/${during.accepted}`,
    healthy_per_s: `${during.perSecond} vs ${Math.round(baselinePerSecond)}`,
    throughput_ratio: throughputRatio.toFixed(2),
    healthy_p99_ms: `${during.p99Ms} vs ${Math.round(baselineP99)}`,
    stuck_partitions: lagging.length,
    outbox_backlog: totalBacklog(backlog),
    lost,
    ...abused.figures,
    ...settled.figures,
    abuser_got: [...abused.got, ...settled.got].join('; ') || '-',
  });
}

/**
 * What every scenario shares: the platform, the settings, the abort signal (Ctrl-C), progress lines, and
 * the measurements wrapped around each scenario (CPU and peak RSS per service, the timeline for the chart).
 */
import type { ServiceName } from '@hookline/testing';
import { reportFigure, type SeriesPoint } from '../bench-result';
import { CostMeter } from './cost/cost-meter';
import type { BenchPlatform } from './bench-platform';
import type { BenchSettings } from './bench-settings';
import { measureProcesses, totalCpuMs, type ProcessUsage } from './process-usage';
import type { RunProgress, RunStats } from './receiver/run-record';

const PROGRESS_EVERY_MS = 5_000;
const IDLE_SECONDS = 10;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const format = (n: number) => Math.round(n).toLocaleString('en-US');

export type ServiceUsage = Record<ServiceName, ProcessUsage>;

export class BenchContext {
  readonly startedAt = Date.now();
  readonly timeline: SeriesPoint[] = [];

  constructor(
    readonly platform: BenchPlatform,
    readonly settings: BenchSettings,
    readonly signal: AbortSignal,
  ) {}

  get receiver() {
    return this.platform.receiver!;
  }

  get load() {
    return this.platform.load!;
  }

  log(line: string): void {
    const seconds = ((Date.now() - this.startedAt) / 1_000).toFixed(0).padStart(4);
    console.log(`[${seconds} s] ${line}`);
  }

  /**
   * Runs one scenario while measuring every service's CPU time and peak RSS; reports the peaks as
   * `platform.memory.<key>.<service>`.
   */
  async measure<T>(key: string, work: () => Promise<T>): Promise<{ result: T; usage: ServiceUsage }> {
    const meter = measureProcesses(this.platform.pids());
    let usage: ServiceUsage;
    let result: T;
    try {
      result = await work();
    } finally {
      usage = meter.stop() as ServiceUsage;
    }
    for (const [service, { peakRssMiB }] of Object.entries(usage)) {
      reportFigure({
        name: `platform.memory.${key}.${service}`,
        value: peakRssMiB,
        unit: 'MiB',
        detail: `peak RSS of the ${service} process during the ${key} scenario`,
      });
    }
    return { result, usage };
  }

  /** Waits until the receiver has `expected` distinct deliveries of `run`, printing progress every 5 s. */
  async waitForDeliveries(run: string, expected: number, label = run): Promise<RunProgress> {
    let lastUnique = -1;
    let lastChangeAt = Date.now();
    let printedAt = Date.now();
    let printedUnique = 0;
    for (;;) {
      this.signal.throwIfAborted();
      const progress = await this.receiver.progress(run);
      if (progress.unique >= expected) return progress;
      if (progress.unique !== lastUnique) lastChangeAt = Date.now();
      lastUnique = progress.unique;
      if (Date.now() - lastChangeAt > this.settings.stallSeconds * 1_000) {
        throw new Error(
          `${label}: no new delivery for ${this.settings.stallSeconds} s at ${progress.unique}/${expected}; ` +
            `service logs in ${this.platform.logDir}`,
        );
      }
      if (Date.now() - printedAt >= PROGRESS_EVERY_MS) {
        const rate = ((progress.unique - printedUnique) * 1_000) / (Date.now() - printedAt);
        this.log(`  ${label}: ${format(progress.unique)} / ${format(expected)} delivered, ${format(rate)}/s`);
        printedAt = Date.now();
        printedUnique = progress.unique;
      }
      await sleep(200);
    }
  }

  /** CPU ms per second the four services burn with nothing to do (timers, consumer polls), measured once. */
  private idleCpuMsPerSecond = 0;

  async measureIdleCpu(): Promise<number> {
    const pids = Object.values(this.platform.pids());
    await sleep(5_000); // the tail of the warm-up
    const stopCost = await new CostMeter(this.platform, this.platform.pg!).start();
    const before = totalCpuMs(pids);
    const startedAt = Date.now();
    await sleep(IDLE_SECONDS * 1_000);
    this.idleCpuMsPerSecond = (totalCpuMs(pids) - before) / IDLE_SECONDS;
    // Per second while nothing is sent: each process's CPU, and each service's Kafka requests (polls).
    const cost = await stopCost();
    const seconds = (Date.now() - startedAt) / 1_000;
    for (const [process, ms] of Object.entries(cost.cpuMs))
      reportFigure({
        name: `platform.idle.cpu_ms_per_second.${process}`,
        value: Math.round(ms / seconds),
        unit: 'ms/s',
        detail: `CPU of ${process} while nothing is sent`,
      });
    for (const [service, apis] of Object.entries(cost.kafkaRequests))
      for (const [api, count] of Object.entries(apis)) {
        if (count === 0) continue;
        reportFigure({
          name: `platform.idle.kafka_requests_per_second.${service}.${api}`,
          value: Number((count / seconds).toFixed(1)),
          unit: 'requests/s',
          detail: `${service}'s ${api} requests while nothing is sent`,
        });
      }
    reportFigure({
      name: 'platform.idle.pg_transactions_per_second',
      value: Number((cost.pgTransactions / seconds).toFixed(1)),
      unit: 'tx/s',
      detail: 'transactions of the bench database while nothing is sent',
    });
    return this.idleCpuMsPerSecond;
  }

  /**
   * Waits until the services are back to idle (at most 50% above their idle CPU, plus 30 ms, over a
   * second; at most 30 s), so the tail of a run (health catching up on outcomes, commits) is charged to it
   * and not to the next scenario.
   */
  async settle(): Promise<void> {
    const pids = Object.values(this.platform.pids());
    const deadline = Date.now() + 30_000;
    let before = totalCpuMs(pids);
    while (Date.now() < deadline) {
      this.signal.throwIfAborted();
      await sleep(1_000);
      const now = totalCpuMs(pids);
      if (now - before <= this.idleCpuMsPerSecond * 1.5 + 30) return;
      before = now;
    }
    this.log('  (services still busy after 30 s; going on)');
  }

  /** Adds a run's per-second deliveries and latency to the timeline drawn in the report. */
  addToTimeline(scenario: string, stats: RunStats): void {
    for (const point of stats.series) {
      this.timeline.push({
        t: Math.round((point.at - this.startedAt) / 1_000),
        scenario,
        deliveries: point.deliveries,
        p50: point.p50,
        p99: point.p99,
      });
    }
  }
}

export function perSecond(count: number, progress: RunProgress): number {
  return (count * 1_000) / Math.max(1, progress.lastAt - progress.firstAt);
}

/** A run's sustained rate, or its average when it is too short to have a middle. */
export function sustained(stats: RunStats): number {
  return Number.isNaN(stats.sustainedPerSecond) ? perSecond(stats.unique, stats) : stats.sustainedPerSecond;
}

export { format };

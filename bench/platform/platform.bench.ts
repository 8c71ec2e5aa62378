/**
 * The whole platform under load (docs/benchmarks.md): the four built services as their own processes on
 * real Kafka and Postgres, a receiver process, and these scenarios, in this order:
 *   1. throughput through the ingest topic, 10 endpoints, 1 KiB events;  2. the bare-pipeline ceiling;
 *   3. latency at 25% and 50% of (1);  6. scale: cost per event per size;  5. one 100,000-id batch delete;
 *   4. noisy neighbour (last: its hanging endpoint's retries would disturb what follows);
 *   7. peak RSS of every service in every scenario.
 * BENCH_SCENARIOS picks some (ceiling, latency and noisy need throughput, which then runs too).
 */
import { reportFigure, reportSeries } from '../bench-result';
import { BenchContext, format } from './bench-context';
import { BenchPlatform } from './bench-platform';
import { loadBenchSettings } from './bench-settings';
import { batchExpansionScenario } from './scenarios/batch-expansion';
import { prepareTenant } from './scenarios/bench-tenant';
import { ceilingScenario } from './scenarios/ceiling';
import { latencyScenario } from './scenarios/latency-at-load';
import { noisyNeighbourScenario } from './scenarios/noisy-neighbour';
import { scaleScenario } from './scenarios/scale';
import { throughputScenario } from './scenarios/throughput';
import type { RunStats } from './receiver/run-record';

async function runScenarios(ctx: BenchContext): Promise<void> {
  const wanted = ctx.settings.scenarios;
  const needThroughput = ['throughput', 'ceiling', 'latency', 'noisy'].some((name) =>
    wanted.has(name as never),
  );
  const tenant = await prepareTenant(ctx, 'bench', (i) => `/ep${i}`);
  ctx.log(`warm-up: ${format(ctx.settings.warmupEvents)} events, not measured`);
  await ctx.load.publishBacklog(tenant.target('warmup-load'), ctx.settings.warmupEvents, ctx.signal);
  await ctx.waitForDeliveries('warmup-load', ctx.settings.warmupEvents, 'warm-up');
  await ctx.receiver.forget('warmup-load');
  const idle = await ctx.measureIdleCpu();
  ctx.log(`idle: the four services use ${format(idle)} CPU ms per second with nothing to do`);
  reportFigure({
    name: 'platform.idle_cpu_ms_per_second',
    value: Math.round(idle),
    unit: 'ms/s',
    detail: "CPU the four services use while idle (included in the scale runs' CPU per event)",
  });
  const throughput = needThroughput ? await throughputScenario(ctx, tenant) : undefined;
  if (throughput !== undefined && wanted.has('ceiling')) await ceilingScenario(ctx, throughput);
  let atLoad = new Map<number, RunStats>();
  if (throughput !== undefined && wanted.has('latency'))
    atLoad = await latencyScenario(ctx, tenant, throughput.deliveriesPerSecond);
  if (wanted.has('scale')) await scaleScenario(ctx, tenant, throughput);
  if (wanted.has('batch')) await batchExpansionScenario(ctx);
  if (throughput !== undefined && wanted.has('noisy')) await noisyNeighbourScenario(ctx, throughput, atLoad);
}

async function main(): Promise<void> {
  const settings = loadBenchSettings();
  const abort = new AbortController();
  const stopOn = (signal: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    console.log(`\n${signal}: stopping the scenario and cleaning up…`);
    abort.abort(new Error(`interrupted by ${signal}`));
  };
  process.on('SIGINT', stopOn);
  process.on('SIGTERM', stopOn);

  const platform = new BenchPlatform(settings);
  const ctx = new BenchContext(platform, settings, abort.signal);
  try {
    ctx.log(
      `starting the platform (${settings.partitions} partitions per topic, log level ${settings.logLevel})`,
    );
    await platform.start();
    ctx.log(`services up; logs in ${platform.logDir}`);
    await runScenarios(ctx);
    reportFigure({
      name: 'platform.wall_seconds',
      value: Math.round((Date.now() - ctx.startedAt) / 1_000),
      unit: 's',
      detail: `the whole platform bench, start-up included (scenarios: ${[...settings.scenarios].join(', ')})`,
    });
  } finally {
    // Also after a failure: the chart shows how far the scenarios got.
    reportSeries({ name: 'platform.timeline', points: ctx.timeline });
    ctx.log('stopping the services, the receiver, and removing the database and topics');
    await platform.stop();
  }
  ctx.log(`done in ${format((Date.now() - ctx.startedAt) / 1_000)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

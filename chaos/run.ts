/**
 * `npm run chaos [-- <filter>…] [--quick]`: runs every row of the reliability table
 * (docs/reliability.md) against the built services on real Kafka, Postgres and HTTP, one after another,
 * printing one line per row (figures, bar, PASS/FAIL) and a summary; exits non-zero on any FAIL.
 * Filters pick rows whose name contains them; --quick runs only the rows npm test runs too.
 * CHAOS_EVENTS (default 100000), CHAOS_KILLS (3) and CHAOS_BROKER_EVENTS (3000) scale the long rows,
 * CHAOS_HOSTILE_EVENTS (500) the healthy tenant's rounds in the hostile rows;
 * CHAOS_SKIP_BUILD=1 skips the build. CHAOS_BUDGET_S (default 1500) bounds the whole run: a row gets at most
 * what is left of it, and a row that cannot start in time is a FAIL, so the suite ends within the budget
 * plus one cleanup.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { provisionInfrastructure } from '../tools/infra/provision-infrastructure';
import { SCENARIOS } from './scenarios';
import type { Cleanup } from './support/cleanup';
import { contextFromEnvironment, formatRun, runScenario, type ScenarioRun } from './support/run-scenario';

const ROOT = resolve(__dirname, '..');

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quickOnly = args.includes('--quick');
  const filters = args.filter((arg) => !arg.startsWith('--'));
  const selected = SCENARIOS.filter(
    (scenario) =>
      (!quickOnly || scenario.quick) &&
      (filters.length === 0 || filters.some((filter) => scenario.name.includes(filter))),
  );
  if (selected.length === 0) throw new Error(`no chaos scenario matches ${filters.join(', ')}`);

  const startedAt = Date.now();
  const budgetMs = Number(process.env.CHAOS_BUDGET_S ?? 1500) * 1000;
  if (!(budgetMs > 0)) throw new Error('CHAOS_BUDGET_S must be a positive number of seconds');
  if (process.env.CHAOS_SKIP_BUILD !== '1') {
    process.stderr.write('building services…\n');
    execFileSync('bash', ['tools/build.sh'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const infrastructure = await provisionInfrastructure('test');
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.stderr.write(`${infrastructure.describe.join('\n')}\n`);

  let live: Cleanup | undefined;
  let current: Promise<unknown> = Promise.resolve();
  let interrupted = false;
  const onSignal = (signal: string) => {
    if (interrupted) return;
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping everything chaos started…\n`);
    // Close first (what the scenario starts from now on is stopped at once), then let the scenario settle
    // (a service half-way through its start registers when the start returns), then stop the rest.
    const settle = new Promise((resolveWait) => setTimeout(resolveWait, 90_000).unref());
    void (live?.close() ?? Promise.resolve())
      .then(() => Promise.race([current.catch(() => undefined), settle]))
      .then(() => live?.run())
      .then(() => infrastructure.stop())
      .finally(() => process.exit(130));
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  let scenarioStart = Date.now();
  const base = {
    ...contextFromEnvironment((message) =>
      process.stderr.write(`  … ${((Date.now() - scenarioStart) / 1000).toFixed(1)} s ${message}\n`),
    ),
    speedBars: true,
  };
  const runs: ScenarioRun[] = [];
  try {
    for (const scenario of selected) {
      if (interrupted) break;
      process.stderr.write(`▶ ${scenario.name}\n`);
      scenarioStart = Date.now();
      const leftMs = budgetMs - (Date.now() - startedAt);
      const run =
        leftMs < 10_000
          ? {
              name: scenario.name,
              bar: scenario.bar,
              durationMs: 0,
              figures: {},
              pass: false,
              notes: ['not run: the CHAOS_BUDGET_S budget is spent'],
            }
          : await (current = runScenario(
              scenario,
              base,
              (cleanup) => (live = cleanup ?? live),
              Math.min(scenario.timeoutMs, leftMs),
            ));
      runs.push(run);
      console.log(formatRun(run));
      for (const note of run.notes) console.log(`      ${note}`);
    }
  } finally {
    await infrastructure.stop();
  }

  // The signal handler exits (130) once everything is stopped; report nothing half-run.
  if (interrupted) return new Promise<number>(() => undefined);
  const wallMs = Date.now() - startedAt;
  const failed = runs.filter((run) => !run.pass);
  console.log(
    `\nchaos: ${runs.length - failed.length}/${runs.length} PASS` +
      (failed.length > 0 ? `; FAIL: ${failed.map((run) => run.name).join(', ')}` : '') +
      `; wall time ${(wallMs / 1000).toFixed(0)} s (${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.version})`,
  );
  const file = join(ROOT, 'reports', 'chaos', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  mkdirSync(join(ROOT, 'reports', 'chaos'), { recursive: true });
  writeFileSync(
    file,
    JSON.stringify({ at: new Date().toISOString(), wallMs, scale: base.scale, runs }, null, 2),
  );
  console.log(`results: ${file}`);
  return failed.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`chaos: ${(error as Error).stack ?? String(error)}`);
    process.exit(2);
  },
);

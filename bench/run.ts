/**
 * `npm run bench [-- <filter>]`: builds the services, provisions Kafka and Postgres (KAFKA_BROKERS and
 * DATABASE_URL if set, else Docker, else a local broker on 19092 and the local Postgres), runs every
 * `bench/**\/*.bench.ts` (or those whose path contains the filter) one after another, each in its own
 * process, and writes bench/results/<date>.json, <date>.md and <date>.png, then a one-screen summary.
 * `npm run bench -- profile` runs the whole-platform throughput scenario with every service under
 * `--cpu-prof`, writing bench/results/profiles/<date>/<service>/*.cpuprofile.
 * Ctrl-C stops the running bench (which cleans up after itself) and the infrastructure this started.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { provisionInfrastructure } from '../tools/infra/provision-infrastructure';
import { isResultLine, parseFigures, parseSeries } from './bench-result';
import type { BenchReport, BenchRunResult } from './report/bench-report';
import { renderMarkdown } from './report/markdown-report';
import { renderSummary } from './report/summary';
import { renderTimelinePng } from './report/timeline-chart';

const ROOT = resolve(__dirname, '..');
let running: ChildProcess | undefined;
let interrupted = false;

function findBenches(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'results' ? [] : findBenches(path);
      return name.endsWith('.bench.ts') ? [path] : [];
    });
}

function runBench(file: string, env: NodeJS.ProcessEnv): Promise<BenchRunResult> {
  const started = Date.now();
  return new Promise((resolveRun) => {
    // One node process with tsx's loader (not tsx's CLI, which runs a second process and kills it on a
    // repeated signal): Ctrl-C must reach the bench itself, so it can clean up.
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    running = child;
    let output = '';
    createInterface({ input: child.stdout }).on('line', (line) => {
      output += `${line}\n`;
      if (!isResultLine(line) && line.trim() !== '') process.stdout.write(`  ${line}\n`);
    });
    child.on('close', (code) => {
      running = undefined;
      resolveRun({
        bench: relative(ROOT, file),
        ok: code === 0,
        seconds: Math.round((Date.now() - started) / 1_000),
        figures: parseFigures(output),
        series: parseSeries(output),
      });
    });
  });
}

/**
 * Ctrl-C reaches the whole process group, the bench included; SIGTERM (or a signal sent to this process
 * alone) is passed on to the running bench once. Either way the bench cleans up and this stops the
 * infrastructure it started.
 */
function stopOnSignals(): void {
  const stop = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`${signal}: stopping; the running bench cleans up after itself…`);
    running?.kill(signal);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function writeReport(report: BenchReport): Promise<string[]> {
  const stamp = report.at.replace(/[:.]/g, '-');
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  const timeline = report.results
    .flatMap((result) => result.series)
    .find((s) => s.name === 'platform.timeline');
  let chart: string | undefined;
  if (timeline !== undefined && timeline.points.length > 0) {
    try {
      const png = await renderTimelinePng(timeline.points, `Hookline whole-platform bench, ${report.at}`);
      writeFileSync(join(dir, `${stamp}.png`), png);
      chart = `${stamp}.png`;
    } catch (error) {
      console.error(`the chart could not be drawn: ${(error as Error).message}`);
    }
  }
  writeFileSync(join(dir, `${stamp}.json`), JSON.stringify(report, null, 2));
  files.push(relative(ROOT, join(dir, `${stamp}.json`)));
  writeFileSync(join(dir, `${stamp}.md`), renderMarkdown(report, chart));
  files.push(relative(ROOT, join(dir, `${stamp}.md`)));
  if (chart !== undefined) files.push(relative(ROOT, join(dir, chart)));
  return files;
}

async function main(): Promise<void> {
  const started = Date.now();
  // `profile`: the whole-platform throughput scenario with a CPU profile of every service process.
  const profile = process.argv[2] === 'profile';
  const filter = profile ? 'platform' : process.argv[2];
  const benches = findBenches(join(ROOT, 'bench')).filter(
    (file) => filter === undefined || file.includes(filter),
  );
  const profileDir = join(
    ROOT,
    'bench',
    'results',
    'profiles',
    new Date().toISOString().replace(/[:.]/g, '-'),
  );
  if (benches.length === 0) throw new Error(`no bench/**/*.bench.ts matches ${filter ?? '(all)'}`);
  stopOnSignals();
  if (process.env.BENCH_SKIP_BUILD === '1')
    console.log('BENCH_SKIP_BUILD=1: using the services in dist/ as they are');
  else {
    console.log('building services…');
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--config', 'tools/build/webpack.config.js'],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
    );
  }
  const infrastructure = await provisionInfrastructure('test');
  infrastructure.describe.forEach((line) => console.log(line));
  const env = {
    ...process.env,
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
    ...(profile
      ? {
          HOOKLINE_SERVICE_PROFILE_DIR: profileDir,
          BENCH_SCENARIOS: process.env.BENCH_SCENARIOS ?? 'throughput',
        }
      : {}),
  };
  if (profile)
    console.log(
      `profiling: each service writes its .cpuprofile under ${relative(ROOT, profileDir)}/<service>/`,
    );
  const results: BenchRunResult[] = [];
  try {
    for (const file of benches) {
      if (interrupted) break;
      console.log(`\n▶ ${relative(ROOT, file)}`);
      results.push(await runBench(file, env));
    }
  } finally {
    await infrastructure.stop();
  }
  const report: BenchReport = {
    at: new Date().toISOString(),
    wallSeconds: Math.round((Date.now() - started) / 1_000),
    machine: {
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      os: `${type()} ${release()}`,
    },
    infrastructure: infrastructure.describe,
    results,
  };
  console.log(renderSummary(report, await writeReport(report)));
  if (profile)
    console.log(
      `CPU profiles (open in Chrome DevTools or speedscope): ${relative(ROOT, profileDir)}/<service>/`,
    );
  if (interrupted || results.some((result) => !result.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * `npm run bench [-- <filter>]`: builds the services, provisions Kafka and Postgres (configured, Docker, or
 * local), runs every `bench/**\/*.bench.ts` (or those whose path contains the filter) one after another in
 * its own process, and writes bench/results/<date>.json plus a summary table.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { provisionInfrastructure } from '../tools/infra/provision-infrastructure';
import { parseFigures, type BenchFigure } from './bench-result';

const ROOT = resolve(__dirname, '..');

function findBenches(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'results' ? [] : findBenches(path);
    return name.endsWith('.bench.ts') ? [path] : [];
  });
}

function runBench(file: string, env: NodeJS.ProcessEnv): Promise<{ figures: BenchFigure[]; ok: boolean }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), file], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      for (const line of chunk.toString().split('\n'))
        if (line.trim() !== '') process.stdout.write(`  ${line}\n`);
    });
    child.on('exit', (code) => resolveRun({ figures: parseFigures(output), ok: code === 0 }));
  });
}

async function main(): Promise<void> {
  const filter = process.argv[2];
  const benches = findBenches(join(ROOT, 'bench')).filter(
    (file) => filter === undefined || file.includes(filter),
  );
  if (benches.length === 0) throw new Error(`no bench/**/*.bench.ts matches ${filter ?? '(all)'}`);
  console.log('building services…');
  execFileSync(
    process.execPath,
    [join(ROOT, 'node_modules/webpack-cli/bin/cli.js'), '--config', 'tools/build/webpack.config.js'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const infrastructure = await provisionInfrastructure('test');
  const env = {
    ...process.env,
    KAFKA_BROKERS: infrastructure.kafkaBrokers,
    DATABASE_URL: infrastructure.databaseUrl,
  };
  const results: Array<{ bench: string; ok: boolean; figures: BenchFigure[] }> = [];
  try {
    for (const file of benches) {
      const bench = relative(ROOT, file);
      console.log(`\n▶ ${bench}`);
      results.push({ bench, ...(await runBench(file, env)) });
    }
  } finally {
    await infrastructure.stop();
  }
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  mkdirSync(join(ROOT, 'bench', 'results'), { recursive: true });
  const file = join(ROOT, 'bench', 'results', `${stamp}.json`);
  writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine, results }, null, 2));
  console.log('\n| bench | figure | value | unit |\n| --- | --- | ---: | --- |');
  for (const result of results) {
    if (!result.ok) console.log(`| ${result.bench} | FAILED | | |`);
    for (const figure of result.figures)
      console.log(`| ${result.bench} | ${figure.name} | ${figure.value} | ${figure.unit} |`);
  }
  console.log(`\nwritten to ${relative(ROOT, file)}`);
  if (results.some((result) => !result.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

import { join, resolve } from 'node:path';
import { Cleanup } from './cleanup';
import {
  scaleFromEnvironment,
  type Figures,
  type Scenario,
  type ScenarioContext,
  type ScenarioResult,
} from './scenario';

const ROOT = resolve(__dirname, '..', '..');

export interface ScenarioRun extends ScenarioResult {
  name: string;
  bar: string;
  durationMs: number;
}

export type BaseContext = Omit<ScenarioContext, 'cleanup'>;

/** The context jest's e2e global setup provides (KAFKA_BROKERS, DATABASE_URL in the environment). */
export function contextFromEnvironment(progress: (message: string) => void = () => undefined): BaseContext {
  const kafkaBrokers = process.env.KAFKA_BROKERS;
  const databaseServerUrl = process.env.DATABASE_URL;
  if (kafkaBrokers === undefined || databaseServerUrl === undefined) {
    throw new Error(
      'KAFKA_BROKERS and DATABASE_URL must be set (the e2e global setup or `npm run chaos` sets them)',
    );
  }
  return {
    kafkaBrokers,
    databaseServerUrl,
    scale: scaleFromEnvironment(),
    logRoot: join(ROOT, 'reports', 'logs', 'chaos'),
    progress,
  };
}

/**
 * Runs one scenario within its time bound, turns an exception into a FAIL with the message, and always stops
 * whatever it started before returning. `onCleanup` exposes the live cleanup, so Ctrl-C can run it.
 */
export async function runScenario(
  scenario: Scenario,
  base: BaseContext,
  onCleanup: (cleanup: Cleanup | undefined) => void = () => undefined,
  timeoutMs = scenario.timeoutMs,
): Promise<ScenarioRun> {
  const cleanup = new Cleanup();
  onCleanup(cleanup);
  const started = Date.now();
  let timer: NodeJS.Timeout | undefined;
  let result: ScenarioResult;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`did not finish within ${Math.round(timeoutMs / 1000)} s`)),
        timeoutMs,
      );
    });
    result = await Promise.race([scenario.run({ ...base, cleanup }), timeout]);
  } catch (error) {
    result = { figures: {}, pass: false, notes: [`error: ${(error as Error).message}`] };
  } finally {
    clearTimeout(timer);
    await cleanup.run((message) => base.progress(message));
    onCleanup(undefined);
  }
  return { name: scenario.name, bar: scenario.bar, durationMs: Date.now() - started, ...result };
}

export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(([name, value]) => `${name}=${value}`)
    .join(' ');
}

/** The one line a scenario prints: row, figures, bar, verdict. */
export function formatRun(run: ScenarioRun): string {
  const verdict = run.pass ? 'PASS' : 'FAIL';
  const figures = formatFigures(run.figures);
  return `${verdict}  ${run.name.padEnd(28)} ${figures || '(no figures)'}  | bar: ${run.bar}  (${(run.durationMs / 1000).toFixed(1)} s)`;
}

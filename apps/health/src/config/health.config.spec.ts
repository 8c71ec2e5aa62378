import { ConfigError } from '@hookline/config';
import { loadHealthConfig } from './health.config';

const CENTURY_MS = 100 * 365 * 24 * 3600 * 1000;

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadHealthConfig(env);
    return [];
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems;
  }
}

describe('loadHealthConfig bounds', () => {
  it('accepts durations up to a century, the furthest `now - duration` Postgres keeps a timestamp for', () => {
    expect(
      problemsOf({
        HEALTH_SWEEP_HORIZON_MS: String(CENTURY_MS),
        HEALTH_DISABLE_AFTER_MS: String(CENTURY_MS),
        HEALTH_TRACE_RETENTION_MS: String(CENTURY_MS),
        HEALTH_CLOCK_OFFSET_MS: String(-CENTURY_MS),
      }),
    ).toEqual([]);
  });

  it.each([
    'HEALTH_SWEEP_HORIZON_MS',
    'HEALTH_DISABLE_AFTER_MS',
    'HEALTH_TRACE_RETENTION_MS',
    'HEALTH_CLOCK_OFFSET_MS',
  ])('refuses %s far beyond a century at boot, naming it, instead of failing every sweep', (setting) => {
    const problems = problemsOf({ [setting]: String(1000 * CENTURY_MS) });
    expect(problems.join('\n')).toContain(setting);
  });

  it('refuses an outbox poll interval beyond an hour (a timer Node would fire at once)', () => {
    expect(problemsOf({ OUTBOX_POLL_INTERVAL_MS: String(2 ** 31) }).join('\n')).toContain(
      'OUTBOX_POLL_INTERVAL_MS',
    );
  });
});

import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import {
  createTestDatabase,
  generatePlatformSecrets,
  startLocalPlatform,
  testKafkaBrokers,
  waitFor,
  type LocalPlatform,
  type TestDatabase,
} from '@hookline/testing';
import { supervisePlatform, type PlatformSupervisor } from '../../tools/start/supervisor/supervise-platform';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * `npm start`'s supervisor on the real services: a SIGKILLed delivery process comes back on its port with a
 * new pid and one line saying what happened; stopping the platform afterwards leaves no process behind.
 */
describe('npm start supervisor', () => {
  const lines: string[] = [];
  const gaveUp: string[] = [];
  const pids = new Set<number>();
  let database: TestDatabase;
  let platform: LocalPlatform;
  let supervisor: PlatformSupervisor;

  beforeAll(async () => {
    database = await createTestDatabase();
    const namespace = `e2e${randomBytes(4).toString('hex')}.`;
    platform = await startLocalPlatform({
      kafkaBrokers: testKafkaBrokers(),
      databaseUrl: database.url,
      secrets: generatePlatformSecrets(),
      namespace,
      logDir: join(__dirname, '..', '..', 'reports', 'logs', namespace),
      // The restart waits for /readyz too; a loaded 2-core machine can take a minute per service.
      readyTimeoutMs: 150_000,
    });
    for (const service of Object.values(platform.processes)) pids.add(service.pid);
    supervisor = supervisePlatform(platform, {
      log: (line) => lines.push(line),
      onGiveUp: (reason) => gaveUp.push(reason),
      policy: { initialDelayMs: 200, factor: 2, maxDelayMs: 1_000, stableAfterMs: 60_000, maxAttempts: 3 },
    });
  });

  afterAll(async () => {
    await supervisor?.release();
    await platform?.stop();
    await database?.drop();
  });

  it('restarts a killed delivery process on the same port and says so', async () => {
    const killed = platform.processes.delivery;
    expect(await killed.kill()).toBe('SIGKILL');
    const restarted = await waitFor(
      () => platform.processes.delivery.pid !== killed.pid && platform.processes.delivery,
      { timeoutMs: 170_000, what: 'delivery restarted' },
    );
    pids.add(restarted.pid);
    expect(isAlive(restarted.pid)).toBe(true);
    expect(isAlive(killed.pid)).toBe(false);
    // startServiceProcess resolves only once /readyz answers 200; ask again from here.
    expect((await fetch(`${platform.urls.delivery}/readyz`)).status).toBe(200);
    expect(lines[0]).toMatch(
      /^delivery exited \(signal SIGKILL\) after [\d.]+ s; restart attempt 1 of 3 in 0\.2 s \(see .*delivery\.log\)$/,
    );
    await waitFor(() => lines.length >= 2, { what: 'the running-again line' });
    expect(lines[1]).toBe(`delivery is running again (pid ${restarted.pid}, attempt 1)`);
    expect(gaveUp).toEqual([]);
  });

  it('stops every process it started, restarted ones included', async () => {
    await supervisor.release();
    await platform.stop();
    expect([...pids].filter(isAlive)).toEqual([]);
  });
});

import type { RestartPolicy } from './restart-policy';
import { superviseProcess, type SupervisedProcess } from './supervise-process';

/** A process stand-in whose death the test decides (the real-process test is test/e2e/start-supervisor). */
class FakeProcess implements SupervisedProcess {
  static nextPid = 100;
  readonly pid = FakeProcess.nextPid++;
  stopped = false;
  private end: (code: number | string) => void = () => undefined;
  readonly exited = new Promise<number | string>((resolve) => (this.end = resolve));
  die(code: number | string) {
    this.end(code);
  }
  stop() {
    this.stopped = true;
    this.end('SIGTERM');
    return this.exited;
  }
}

const policy: RestartPolicy = {
  initialDelayMs: 5,
  factor: 2,
  maxDelayMs: 20,
  stableAfterMs: 60_000,
  maxAttempts: 3,
};
const settle = (ms = 60) => new Promise((resolve) => setTimeout(resolve, ms));

function supervise(restart: () => Promise<FakeProcess>) {
  const lines: string[] = [];
  const gaveUp: string[] = [];
  const initial = new FakeProcess();
  const supervisor = superviseProcess({
    name: 'delivery',
    initial,
    restart,
    logFile: '.local/logs/delivery.log',
    log: (line) => lines.push(line),
    onGiveUp: (reason) => gaveUp.push(reason),
    policy,
  });
  return { supervisor, initial, lines, gaveUp };
}

describe('superviseProcess', () => {
  it('restarts a process that died and says which, how, the attempt and the delay', async () => {
    const replacement = new FakeProcess();
    const { supervisor, initial, lines } = supervise(() => Promise.resolve(replacement));
    initial.die(1);
    await settle();
    expect(supervisor.current()).toBe(replacement);
    expect(lines[0]).toMatch(
      /^delivery exited \(exit code 1\) after [\d.]+ s; restart attempt 1 of 3 in 0\.0 s \(see \.local\/logs\/delivery\.log\)$/,
    );
    expect(lines[1]).toBe(`delivery is running again (pid ${replacement.pid}, attempt 1)`);
    await supervisor.stop();
    expect(replacement.stopped).toBe(true);
  });

  it('gives up after maxAttempts quick crashes, counting starts that fail', async () => {
    let starts = 0;
    const { supervisor, initial, lines, gaveUp } = supervise(() => {
      starts += 1;
      return Promise.reject(new Error('delivery did not become ready: process exited (1)\n<log tail>'));
    });
    initial.die('SIGKILL');
    await settle(200);
    expect(starts).toBe(3);
    expect(
      lines.filter((line) => line.includes('did not start: delivery did not become ready')),
    ).toHaveLength(3);
    expect(gaveUp).toHaveLength(1);
    expect(gaveUp[0]).toMatch(/crashed 4 times in a row.*giving up \(see \.local\/logs\/delivery\.log\)$/);
    expect(supervisor.restarts()).toBe(0);
  });

  it('stops a restart that was under way when stop() came, leaving nothing running', async () => {
    const replacement = new FakeProcess();
    let release: () => void = () => undefined;
    const { supervisor, initial } = supervise(
      () => new Promise((resolve) => (release = () => resolve(replacement))),
    );
    initial.die(137);
    await settle();
    const stopped = supervisor.stop();
    release();
    await stopped;
    expect(replacement.stopped).toBe(true);
  });

  it('does not restart a process stopped through the supervisor', async () => {
    let starts = 0;
    const { supervisor } = supervise(() => {
      starts += 1;
      return Promise.resolve(new FakeProcess());
    });
    await supervisor.stop();
    await settle();
    expect(starts).toBe(0);
  });
});

import { DEFAULT_RESTART_POLICY, decideRestart, type RestartPolicy } from './restart-policy';

/** What the supervisor needs of a process: `ServiceProcess` from @hookline/testing fits. */
export interface SupervisedProcess {
  pid: number;
  /** Resolves with the exit code, or the signal's name, when the process ends. */
  exited: Promise<number | string>;
  stop(): Promise<unknown>;
}

export interface SuperviseOptions<P extends SupervisedProcess> {
  /** How log lines name the process, e.g. `delivery` or `delivery replica 2`. */
  name: string;
  /** The process already running (started and ready). */
  initial: P;
  /** Starts the process again (same port and environment); resolves once it is ready, rejects if it is not. */
  restart: () => Promise<P>;
  /** Where the process's own output goes, named in every line so the cause is one step away. */
  logFile: string;
  log: (line: string) => void;
  /** Called once when the policy gives up; the caller decides what happens to the rest. */
  onGiveUp: (reason: string) => void;
  policy?: RestartPolicy;
  now?: () => number;
}

export interface Supervisor<P extends SupervisedProcess> {
  /** The process running now (the initial one, or the latest restart). */
  current(): P;
  /** Restarts made so far. */
  restarts(): number;
  /** No more restarts; waits for a restart under way and leaves the process running to its owner. */
  release(): Promise<void>;
  /** release(), then stop the process running now. */
  stop(): Promise<void>;
}

/**
 * Keeps one process running as a supervisor would: when it dies, start it again after a bounded, growing
 * delay, with one line saying which process, how it ended, the attempt and the delay; after too many quick
 * crashes in a row, give up with one line and hand over to `onGiveUp`.
 */
export function superviseProcess<P extends SupervisedProcess>(options: SuperviseOptions<P>): Supervisor<P> {
  const policy = options.policy ?? DEFAULT_RESTART_POLICY;
  const now = options.now ?? Date.now;
  let running = options.initial;
  let attempt = 0;
  let restarts = 0;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<void> | undefined;

  const watch = (watched: P) => {
    const startedAt = now();
    void watched.exited.then((code) => {
      if (!stopping)
        onCrash(`exited (${describeExit(code)}) after ${seconds(now() - startedAt)}`, now() - startedAt);
    });
  };

  const onCrash = (what: string, ranMs: number) => {
    const decision = decideRestart(policy, attempt, ranMs);
    if (decision.action === 'give-up') {
      const reason =
        `${options.name} ${what}; it crashed ${decision.attempts + 1} times in a row, each within ` +
        `${seconds(policy.stableAfterMs)} of starting: giving up (see ${options.logFile})`;
      options.log(reason);
      options.onGiveUp(reason);
      return;
    }
    attempt = decision.attempt;
    options.log(
      `${options.name} ${what}; restart attempt ${decision.attempt} of ${policy.maxAttempts} in ` +
        `${seconds(decision.delayMs)} (see ${options.logFile})`,
    );
    timer = setTimeout(() => {
      timer = undefined;
      starting = relaunch().finally(() => (starting = undefined));
    }, decision.delayMs);
  };

  const relaunch = async () => {
    if (stopping) return;
    try {
      const started = await options.restart();
      restarts += 1;
      running = started;
      // Stopped while it started: stop() waits for this and then stops `running`.
      if (stopping) return;
      options.log(`${options.name} is running again (pid ${started.pid}, attempt ${attempt})`);
      watch(started);
    } catch (error) {
      if (stopping) return;
      onCrash(`did not start: ${firstLine(error)}`, 0);
    }
  };

  const release = async () => {
    stopping = true;
    if (timer !== undefined) clearTimeout(timer);
    await starting;
  };
  watch(running);
  return {
    current: () => running,
    restarts: () => restarts,
    release,
    stop: async () => {
      await release();
      await running.stop();
    },
  };
}

function describeExit(code: number | string): string {
  return typeof code === 'number' ? `exit code ${code}` : `signal ${code}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}

/** startServiceProcess's error carries the log's tail; the line names the log file instead. */
function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}

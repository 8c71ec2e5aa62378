import type { Cleanup } from './cleanup';

/** How big the long scenarios run: small enough for a few minutes here, raised for a release run. */
export interface ChaosScale {
  /** Events published in the consumer-kill run (CHAOS_EVENTS, default 100,000: the table's size). */
  consumerKillEvents: number;
  /** SIGKILLs of the delivery service during that run (CHAOS_KILLS, default 3). */
  consumerKills: number;
  /** Events published across the broker restart (CHAOS_BROKER_EVENTS, default 3,000). */
  brokerRestartEvents: number;
  /**
   * Events published in the replica-kill run (CHAOS_REPLICA_EVENTS, default 10,000: the issue asks 100k, a
   * release run sets it; 10k is what this 2-core machine runs in a few minutes beside other work).
   */
  replicaKillEvents: number;
  /** Events of the range replayed in the replay-handover run (CHAOS_REPLAY_EVENTS, default 5,000; 20k asked). */
  replayEvents: number;
  /** Events per healthy-tenant round in the hostile rows (CHAOS_HOSTILE_EVENTS, default 500). */
  hostileEvents: number;
}

export interface ScenarioContext {
  kafkaBrokers: string;
  /** A Postgres server URL; every scenario creates (and drops) its own database there. */
  databaseServerUrl: string;
  scale: ChaosScale;
  /** Where service logs go (one folder per scenario under it). */
  logRoot: string;
  /** Progress for the operator (stderr), never part of the result line. */
  progress(message: string): void;
  /** Everything the scenario starts registers its stop here; the runner runs it after the scenario. */
  cleanup: Cleanup;
  /**
   * Whether speed bars (throughput, p99 against a baseline) decide PASS: `npm run chaos` sets it; the jest
   * quick rows leave it unset, so they assert correctness only and report the speed figures.
   */
  speedBars?: boolean;
}

/** One measured figure, printed `name=value`. */
export type Figures = Record<string, string | number>;

export interface ScenarioResult {
  figures: Figures;
  pass: boolean;
  /** Why it failed, or what a reader should know about the figure. */
  notes: string[];
}

/** One row of the reliability table (../shared/docs/reliability.md). */
export interface Scenario {
  name: string;
  /** The bar, as the table states it. */
  bar: string;
  /** A few seconds to ~30 s: also runs in `npm test` (test/e2e/chaos-*.e2e-spec.ts). */
  quick: boolean;
  /** Hard bound on the whole scenario; it fails (and everything it started is stopped) after this. */
  timeoutMs: number;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

export const DEFAULT_SCALE: ChaosScale = {
  consumerKillEvents: 100_000,
  consumerKills: 3,
  brokerRestartEvents: 3_000,
  replicaKillEvents: 10_000,
  replayEvents: 5_000,
  hostileEvents: 500,
};

export function scaleFromEnvironment(env: NodeJS.ProcessEnv = process.env): ChaosScale {
  const positive = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1)
      throw new Error(`${name} must be a positive integer, got ${raw}`);
    return value;
  };
  return {
    consumerKillEvents: positive('CHAOS_EVENTS', DEFAULT_SCALE.consumerKillEvents),
    consumerKills: positive('CHAOS_KILLS', DEFAULT_SCALE.consumerKills),
    brokerRestartEvents: positive('CHAOS_BROKER_EVENTS', DEFAULT_SCALE.brokerRestartEvents),
    replicaKillEvents: positive('CHAOS_REPLICA_EVENTS', DEFAULT_SCALE.replicaKillEvents),
    replayEvents: positive('CHAOS_REPLAY_EVENTS', DEFAULT_SCALE.replayEvents),
    hostileEvents: positive('CHAOS_HOSTILE_EVENTS', DEFAULT_SCALE.hostileEvents),
  };
}

/** Collects checks: each failed one becomes a note and fails the scenario. */
export class Verdict {
  readonly notes: string[] = [];
  private failed = false;

  check(ok: boolean, failure: string): boolean {
    if (!ok) {
      this.failed = true;
      this.notes.push(failure);
    }
    return ok;
  }

  note(message: string): void {
    this.notes.push(message);
  }

  result(figures: Figures): ScenarioResult {
    return { figures, pass: !this.failed, notes: this.notes };
  }
}

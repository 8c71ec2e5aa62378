import { Counter, register } from 'prom-client';
import type { ReadinessCheck } from '@hookline/observability';

export interface UnapplicableRecord {
  key: string;
  partition: number;
  offset: string;
  reason: string;
}

const UNAPPLICABLE_TOTAL = 'hookline_replica_unapplicable_records_total';
/** Keys named in the readiness detail; the count covers the rest. */
const KEYS_SHOWN = 20;

function unapplicableCounter(): Counter<'topic'> {
  const existing = register.getSingleMetric(UNAPPLICABLE_TOTAL);
  if (existing !== undefined) return existing as Counter<'topic'>;
  return new Counter({
    name: UNAPPLICABLE_TOTAL,
    help: 'State records a subscription replica could not apply (invalid): its view of that key is stale',
    labelNames: ['topic'],
  });
}

/**
 * The keys whose latest state record this replica could not apply, so it holds an older state for them (or
 * none). Counted, and listed in readiness, until a later valid record (or tombstone) for the key replaces it:
 * a replica never keeps stale state quietly.
 */
export class UnapplicableRecords {
  private readonly byKey = new Map<string, UnapplicableRecord>();
  private readonly counter = unapplicableCounter();

  constructor(private readonly topic: string) {}

  add(record: UnapplicableRecord): void {
    this.byKey.delete(record.key);
    this.byKey.set(record.key, record);
    this.counter.inc({ topic: this.topic });
  }

  applied(key: string): void {
    this.byKey.delete(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  list(): UnapplicableRecord[] {
    return [...this.byKey.values()];
  }

  /** Readiness detail: how many keys are stale and the latest of them, with where and why. */
  detail(): Record<string, unknown> {
    return { unapplicableRecords: this.byKey.size, latest: this.list().slice(-KEYS_SHOWN).reverse() };
  }
}

/**
 * Readiness of a service's routing table: up once the replica has caught up; the detail shows the records it
 * could not apply, where an operator looks first when an endpoint change "never took effect".
 */
export function replicaReadiness(
  name: string,
  replica: { isCaughtUp: boolean; unapplicable: UnapplicableRecords },
): ReadinessCheck {
  return {
    name,
    check: () => Promise.resolve({ up: replica.isCaughtUp, detail: replica.unapplicable.detail() }),
  };
}

/**
 * The whole machine's cost of a run, as counts per event: Postgres transactions and rows written (per
 * service schema), Kafka records per topic and requests per service and API, and CPU ms of each service,
 * of the Postgres backends serving the bench's database and of the broker. Counts do not depend on how
 * busy the shared machine is; CPU does (and the broker's includes whatever else uses it).
 */
import type { ServiceName } from '@hookline/testing';
import type { BenchPlatform } from '../bench-platform';
import { cpuMs } from '../process-usage';
import { endOffsets, requestCounts } from './kafka-counters';
import { listeningPid } from './machine-processes';
import type { PgCounterReader, PgCounters } from './pg-counters';

interface Snapshot {
  pg: PgCounters;
  pgQueries: number;
  offsets: Record<string, number>;
  requests: Record<string, Record<string, number>>;
  cpu: Map<string, number>;
}

export interface RunCost {
  pgTransactions: number;
  pgRowsBySchema: Record<string, number>;
  kafkaRecordsByTopic: Record<string, number>;
  /** service → api → requests */
  kafkaRequests: Record<string, Record<string, number>>;
  /** producer, subscription, delivery, health, postgres (the bench database's backends), broker */
  cpuMs: Record<string, number>;
}

export class CostMeter {
  constructor(
    private readonly platform: BenchPlatform,
    private readonly pg: PgCounterReader,
  ) {}

  private get brokerPid(): number | undefined {
    return listeningPid(Number(this.platform.brokers[0].split(':').pop()));
  }

  private async snapshot(pg: PgCounters): Promise<Snapshot> {
    const services = this.platform.pids();
    const requests: Snapshot['requests'] = {};
    for (const service of Object.keys(services) as ServiceName[])
      requests[service] = await requestCounts(`${this.platform.platform!.urls[service]}/metrics`);
    const cpu = new Map<string, number>();
    for (const [service, pid] of Object.entries(services)) cpu.set(service, cpuMs(pid));
    for (const pid of pg.backendPids) cpu.set(`pg:${pid}`, cpuMs(pid));
    const broker = this.brokerPid;
    if (broker !== undefined) cpu.set('broker', cpuMs(broker));
    return {
      pg,
      pgQueries: this.pg.queries,
      offsets: await endOffsets(this.platform.kafka!.kafka, this.platform.kafka!.namespace),
      requests,
      cpu,
    };
  }

  /** Starts measuring; the returned function (called once the platform is idle again) gives the run's cost. */
  async start(): Promise<() => Promise<RunCost>> {
    const before = await this.snapshot(await this.pg.read());
    return async () => diff(before, await this.snapshot(await this.pg.settled()));
  }
}

function diff(before: Snapshot, after: Snapshot): RunCost {
  const delta = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(Object.keys(b).map((key) => [key, b[key] - (a[key] ?? 0)]));
  const cpu: Record<string, number> = { postgres: 0 };
  for (const [name, ms] of after.cpu) {
    // A backend that started during the run spent all its CPU in it; one that ended is missed (rare: pools).
    const spent = ms - (before.cpu.get(name) ?? (name.startsWith('pg:') ? 0 : NaN));
    if (name.startsWith('pg:')) cpu.postgres += Number.isNaN(spent) ? 0 : spent;
    else cpu[name] = spent;
  }
  return {
    // The meter's own queries are transactions of the same database: not the platform's.
    pgTransactions: after.pg.transactions - before.pg.transactions - (after.pgQueries - before.pgQueries),
    pgRowsBySchema: delta(before.pg.rowsBySchema, after.pg.rowsBySchema),
    kafkaRecordsByTopic: delta(before.offsets, after.offsets),
    kafkaRequests: Object.fromEntries(
      Object.keys(after.requests).map((service) => [
        service,
        delta(before.requests[service] ?? {}, after.requests[service]),
      ]),
    ),
    cpuMs: cpu,
  };
}

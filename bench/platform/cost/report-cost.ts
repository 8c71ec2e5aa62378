import { reportFigure } from '../../bench-result';
import type { RunCost } from './cost-meter';

const round = (value: number) => Number(value.toFixed(value >= 10 ? 1 : 4));

/** Reports a run's cost per event as `platform.cost.<run>.<item>` (the report pivots them into a table). */
export function reportCostPerEvent(run: string, cost: RunCost, events: number): void {
  const emit = (item: string, value: number, unit: string, detail: string) =>
    reportFigure({ name: `platform.cost.${run}.${item}`, value: round(value / events), unit, detail });
  emit('pg_transactions', cost.pgTransactions, 'tx/event', 'Postgres transactions of the bench database');
  for (const [schema, rows] of Object.entries(cost.pgRowsBySchema))
    if (rows > 0) emit(`pg_rows.${schema}`, rows, 'rows/event', `rows inserted+updated+deleted in ${schema}`);
  for (const [topic, records] of Object.entries(cost.kafkaRecordsByTopic))
    if (records > 0)
      emit(`kafka_records.${topic}`, records, 'records/event', `end offsets moved (incl. txn markers)`);
  for (const [service, apis] of Object.entries(cost.kafkaRequests))
    for (const [api, count] of Object.entries(apis))
      if (count > 0) emit(`kafka_requests.${service}.${api}`, count, 'requests/event', `${service}'s ${api}`);
  for (const [process, ms] of Object.entries(cost.cpuMs))
    emit(`cpu_ms.${process}`, ms, 'ms/event', `user+system CPU of ${process}`);
}

import { waitFor } from '@hookline/testing';
import type { ChaosPlatform } from './chaos-platform';
import { shortId } from './chaos-kafka';

/**
 * Endpoints reach delivery through the subscriptions topic, asynchronously: publish a probe event until one
 * arrives, so a scenario's own events never race the endpoint's creation. Returns the probe's event ids.
 */
export async function awaitRouting(
  chaos: ChaosPlatform,
  tenantId: string,
  type: string,
  arrived: (probeIds: Set<string>) => boolean,
  timeoutMs = 60_000,
): Promise<Set<string>> {
  const probes = new Set<string>();
  await waitFor(
    async () => {
      if (arrived(probes)) return true;
      const id = `probe_${shortId()}`;
      probes.add(id);
      await chaos.publish([{ id, type, subject: 'probe', tenant: tenantId, data: {} }]);
      await new Promise((resolve) => setTimeout(resolve, 500));
      return arrived(probes);
    },
    { timeoutMs, intervalMs: 1, what: `a ${type} probe to be delivered` },
  );
  return probes;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * With several delivery replicas each holds its own routing table: publish rounds of probes under many
 * subjects (so every partition, hence every replica, gets some) until every probe of one round arrived.
 * Earlier rounds count too: on a loaded machine a round may take longer than the pause between rounds.
 */
export async function awaitRoutingOnEveryReplica(
  chaos: ChaosPlatform,
  tenantId: string,
  type: string,
  arrivedIds: () => Set<string>,
  timeoutMs = 180_000,
): Promise<void> {
  const rounds: string[][] = [];
  await waitFor(
    async () => {
      const round = Array.from({ length: 24 }, (_, i) => ({
        id: `probe_${shortId()}`,
        type,
        subject: `probe_${i}`,
        tenant: tenantId,
        data: {},
      }));
      rounds.push(round.map((probe) => probe.id));
      await chaos.publish(round);
      await sleep(3_000);
      const arrived = arrivedIds();
      return rounds.some((ids) => ids.every((id) => arrived.has(id)));
    },
    { timeoutMs, intervalMs: 1, what: `a round of ${type} probes on every partition` },
  );
}

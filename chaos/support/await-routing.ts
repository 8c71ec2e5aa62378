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

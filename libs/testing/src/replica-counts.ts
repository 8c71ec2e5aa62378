import { SERVICE_NAMES, type ServiceName } from './platform-env';

/** How many processes of each service a local platform runs (the chart's replicas, on one machine). */
export type ReplicaCounts = Record<ServiceName, number>;

/** Upper bound per service: every replica is a Node process on the same machine. */
export const MAX_REPLICAS_PER_SERVICE = 8;

/** The default: one process per service. */
export const SINGLE_REPLICAS: ReplicaCounts = { producer: 1, subscription: 1, delivery: 1, health: 1 };

/**
 * Reads `HOOKLINE_REPLICAS` (`delivery=3,health=2`; `all=2` sets every service, later entries override it).
 * An unknown service, a count below 1 or above the bound is an error, never silently ignored.
 */
export function parseReplicaCounts(spec: string | undefined): ReplicaCounts {
  const counts = { ...SINGLE_REPLICAS };
  if (spec === undefined || spec.trim() === '') return counts;
  for (const entry of spec.split(',')) {
    const match = /^\s*([a-z]+)\s*=\s*(\d+)\s*$/.exec(entry);
    if (match === null) throw new Error(`HOOKLINE_REPLICAS: "${entry}" is not <service>=<count>`);
    const [, name, digits] = match;
    const count = Number(digits);
    if (count < 1 || count > MAX_REPLICAS_PER_SERVICE) {
      throw new Error(`HOOKLINE_REPLICAS: ${name}=${count} is outside 1..${MAX_REPLICAS_PER_SERVICE}`);
    }
    if (name === 'all') {
      for (const service of SERVICE_NAMES) counts[service] = count;
    } else if ((SERVICE_NAMES as readonly string[]).includes(name)) {
      counts[name as ServiceName] = count;
    } else {
      throw new Error(`HOOKLINE_REPLICAS: unknown service "${name}" (${SERVICE_NAMES.join(', ')}, all)`);
    }
  }
  return counts;
}

/**
 * Fixed ports for `npm start`: replica 0 keeps the service's base port, replica i takes base + 10·i
 * (3003, 3013, 3023 for three delivery replicas), so the addresses stay predictable.
 */
export function fixedReplicaPorts(
  base: Record<ServiceName, number>,
  counts: ReplicaCounts,
): Record<ServiceName, number[]> {
  const ports = {} as Record<ServiceName, number[]>;
  for (const service of SERVICE_NAMES) {
    ports[service] = Array.from({ length: counts[service] }, (_, i) => base[service] + 10 * i);
  }
  return ports;
}

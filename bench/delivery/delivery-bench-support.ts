import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { HooklineEvent } from '@hookline/contracts';
import type { DeliveryHarness } from '../../apps/delivery/test/support/delivery-harness';

/**
 * A receiver as cheap as a receiver can be: answers 200 at once (or never, for paths that hang), and
 * records when each delivery arrived and how long after its event was published (`data.sentAt`).
 */
export class BenchReceiver {
  private server?: Server;
  private port = 0;
  count = 0;
  firstAt = 0;
  lastAt = 0;
  latencies: number[] = [];
  hanging = 0;
  private readonly counts = new Map<string, number>();

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        if (request.url === '/hang') {
          this.hanging += 1;
          return; // never answered: the delivery service's timeout ends it
        }
        const now = Date.now();
        this.count += 1;
        this.firstAt ||= now;
        this.lastAt = now;
        const path = request.url ?? '';
        this.counts.set(path, (this.counts.get(path) ?? 0) + 1);
        const sentAt = (JSON.parse(Buffer.concat(chunks).toString()) as { data: { sentAt?: number } }).data
          .sentAt;
        if (sentAt !== undefined) this.latencies.push(now - sentAt);
        response.writeHead(200, { 'content-length': '0' }).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  countOf(prefix: string): number {
    let sum = 0;
    for (const [path, count] of this.counts) if (path.startsWith(prefix)) sum += count;
    return sum;
  }

  reset(): void {
    this.count = 0;
    this.firstAt = 0;
    this.lastAt = 0;
    this.latencies = [];
    this.counts.clear();
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

export async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Samples a process's resident set size (Linux /proc) until stopped; returns the peak in MiB. */
export function sampleRss(pid: number): { stop: () => number } {
  let peak = 0;
  const read = () => {
    try {
      const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match !== null) peak = Math.max(peak, Number(match[1]) / 1024);
    } catch {
      // The process has gone.
    }
  };
  read();
  const timer = setInterval(read, 250);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return Math.round(peak);
    },
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc; clock ticks of 10 ms). */
export function processCpuMs(pid: number): number {
  try {
    // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** The service's own counters of how deliveries went, from its /metrics (for the progress output). */
export async function deliveryCounters(url: string): Promise<string[]> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => /^hookline_(deliveries_total|delivery_attempts_total)\{/.test(line));
}

/** `count` events of the tenant, spread over `types`, stamped with the time they are published. */
export function benchEvents(
  harness: DeliveryHarness,
  tenantId: string,
  count: number,
  types: string[],
): HooklineEvent[] {
  return Array.from({ length: count }, (_, i) =>
    harness.event(tenantId, { type: types[i % types.length], data: { n: i, pad: 'x'.repeat(200) } }),
  );
}

/** Publishes events at about `perSecond`, each stamped `data.sentAt` as it leaves. */
export async function publishAtRate(
  harness: DeliveryHarness,
  tenantId: string,
  types: string[],
  perSecond: number,
  durationMs: number,
): Promise<number> {
  const tickMs = 20;
  const started = Date.now();
  let sent = 0;
  while (Date.now() - started < durationMs) {
    const due = Math.floor(((Date.now() - started + tickMs) / 1_000) * perSecond);
    const batch = Array.from({ length: Math.max(0, due - sent) }, (_, i) =>
      harness.event(tenantId, { type: types[(sent + i) % types.length], data: { sentAt: Date.now() } }),
    );
    if (batch.length > 0) await harness.publishEvents(batch);
    sent += batch.length;
    await new Promise((resolve) => setTimeout(resolve, tickMs));
  }
  return sent;
}

import type { BenchTenant } from '../bench-platform';
import type { BenchContext } from '../bench-context';
import type { LoadTarget } from '../ingest-load';

export const ENDPOINTS = 10;

export interface PreparedTenant extends BenchTenant {
  types: string[];
  /** Load spread round-robin over the tenant's types, every event tagged `run`. */
  target(run: string | ((i: number) => string)): LoadTarget;
}

/**
 * A tenant with `ENDPOINTS` endpoints, endpoint i subscribed to `<prefix><i>.updated` at `pathOf(i)`. One
 * event per answering endpoint is sent and awaited first, so the producer knows the tenant and the
 * delivery service's replica has every endpoint before a measurement starts.
 */
export async function prepareTenant(
  ctx: BenchContext,
  prefix: string,
  pathOf: (i: number) => string,
  answers: (i: number) => boolean = () => true,
): Promise<PreparedTenant> {
  const types = Array.from({ length: ENDPOINTS }, (_, i) => `${prefix}${i}.updated`);
  const created = await ctx.platform.createTenant(
    `bench ${prefix}`,
    types,
    types.map((_, i) => pathOf(i)),
  );
  const tenant: PreparedTenant = {
    ...created,
    types,
    target: (run) => ({
      tenant: created.id,
      typeOf: (i) => types[i % types.length],
      runOf: typeof run === 'string' ? () => run : run,
    }),
  };
  const warm = types.flatMap((type, i) => (answers(i) ? [type] : []));
  const warmup = `warmup-${prefix}`;
  await ctx.load.publishBacklog(
    { tenant: created.id, typeOf: (i) => warm[i], runOf: () => warmup },
    warm.length,
    ctx.signal,
  );
  await ctx.waitForDeliveries(warmup, warm.length, `warm-up of tenant ${prefix}`);
  await ctx.receiver.forget(warmup);
  return tenant;
}

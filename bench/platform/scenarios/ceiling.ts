import { reportFigure } from '../../bench-result';
import type { BenchContext } from '../bench-context';
import { format, sustained } from '../bench-context';
import { CeilingPipeline } from '../ceiling-pipeline';
import type { BacklogOutcome } from './backlog-run';

/**
 * 2. Ceiling: a bare kafkajs consumer + undici reads the throughput run's events from hookline.events.v1
 * and POSTs them to the same receiver (services idle meanwhile); Hookline's rate as a fraction of it.
 */
export async function ceilingScenario(ctx: BenchContext, throughput: BacklogOutcome): Promise<number> {
  const kafka = ctx.platform.kafka!;
  const events = throughput.events;
  ctx.log(`ceiling: a bare consumer re-reads the ${format(events)} events and POSTs them`);
  const { result: rate } = await ctx.measure('ceiling', async () => {
    const pipeline = new CeilingPipeline(
      ctx.platform.brokers,
      kafka.topics.events,
      ctx.receiver.url('/ceiling'),
      ctx.settings.partitions,
      `${kafka.namespace}bench-ceiling`,
    );
    await pipeline.start();
    try {
      await ctx.waitForDeliveries('ceiling-throughput', events, 'ceiling');
    } finally {
      await pipeline.stop();
    }
    const stats = await ctx.receiver.stats('ceiling-throughput');
    ctx.addToTimeline('ceiling', stats);
    await ctx.receiver.forget('ceiling-throughput');
    return sustained(stats);
  });
  const ratio = throughput.deliveriesPerSecond / rate;
  ctx.log(`ceiling: ${format(rate)} POSTs/s; Hookline reaches ${(ratio * 100).toFixed(0)}% of it`);
  reportFigure({
    name: 'platform.ceiling.deliveries_per_second',
    value: Math.round(rate),
    unit: 'deliveries/s',
    detail: `bare kafkajs consumer + undici POST of the same ${format(events)} events to the same receiver; sustained (middle 80%)`,
  });
  reportFigure({
    name: 'platform.ceiling.hookline_ratio',
    value: Number(ratio.toFixed(3)),
    unit: 'ratio',
    detail: 'scenario 1 sustained deliveries/s ÷ ceiling sustained deliveries/s',
  });
  return rate;
}

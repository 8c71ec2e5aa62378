import { randomBytes } from 'node:crypto';
import { reportFigure } from '../../bench-result';
import type { BenchContext } from '../bench-context';
import { format, perSecond } from '../bench-context';

/**
 * 5. Batch expansion: one batch delete of BENCH_BATCH_SUBJECTS ids on the producer's POST /v1/batches, to
 * a tenant with one endpoint subscribed to conversation.deleted; from the request to the 202 (expanded and
 * committed) and on to the last of its deliveries.
 */
export async function batchExpansionScenario(ctx: BenchContext): Promise<void> {
  const subjects = ctx.settings.batchSubjects;
  const tenant = await ctx.platform.createTenant('bench batch', ['conversation.deleted'], ['/batch']);
  const warmup = 'warmup-batch';
  await ctx.load.publishBacklog(
    { tenant: tenant.id, typeOf: () => 'conversation.deleted', runOf: () => warmup },
    1,
    ctx.signal,
  );
  await ctx.waitForDeliveries(warmup, 1, 'warm-up of the batch tenant');
  ctx.log(`batch: one ${format(subjects)}-id conversation.deleted on POST /v1/batches`);
  const { result } = await ctx.measure('batch', async () => {
    const body = {
      id: `bench-batch-${randomBytes(4).toString('hex')}`,
      type: 'conversation.deleted',
      tenant: tenant.id,
      data: { run: 'batch' },
      subjects: Array.from({ length: subjects }, (_, i) => `conv_${i + 1}`),
    };
    const started = Date.now();
    const answer = await ctx.platform.client!.call(
      'POST',
      `${ctx.platform.platform!.urls.producer}/v1/batches`,
      ctx.platform.secrets.ingestToken,
      body,
    );
    const acceptedAt = Date.now();
    if (answer.status !== 202)
      throw new Error(`the batch was answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    ctx.log(`  batch: accepted after ${format(acceptedAt - started)} ms`);
    await ctx.waitForDeliveries('batch', subjects, 'batch');
    const stats = await ctx.receiver.stats('batch');
    await ctx.receiver.forget('batch');
    ctx.addToTimeline('batch', stats);
    await ctx.settle();
    return { started, acceptedAt, stats };
  });
  const { started, acceptedAt, stats } = result;
  ctx.log(`batch: last delivery ${format(stats.lastAt - started)} ms after the request`);
  reportFigure({
    name: 'platform.batch.accept_ms',
    value: acceptedAt - started,
    unit: 'ms',
    detail: `POST /v1/batches with ${format(subjects)} ids → 202 (streamed parse, expansion, outbox committed)`,
  });
  reportFigure({
    name: 'platform.batch.accept_to_last_delivery_ms',
    value: stats.lastAt - acceptedAt,
    unit: 'ms',
    detail: `202 → the last of the ${format(subjects)} deliveries received (one endpoint)`,
  });
  reportFigure({
    name: 'platform.batch.request_to_last_delivery_ms',
    value: stats.lastAt - started,
    unit: 'ms',
    detail: 'request sent → the last delivery received',
  });
  reportFigure({
    name: 'platform.batch.deliveries_per_second',
    value: Math.round(perSecond(stats.unique, stats)),
    unit: 'deliveries/s',
    detail: "the batch's deliveries to its one endpoint, first → last arrival",
  });
}

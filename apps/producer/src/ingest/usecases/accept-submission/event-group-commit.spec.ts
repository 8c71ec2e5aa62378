import { ROOT_CONTEXT, context, propagation, type Context } from '@opentelemetry/api';
import type { HooklineEvent } from '@hookline/contracts';
import { startTracing, stopTracing } from '@hookline/tracing';
import { EventGroupCommit, type TraceHeaders } from './event-group-commit';

const event = (id: string) => ({ id }) as HooklineEvent;

describe('EventGroupCommit', () => {
  it('writes concurrent submissions together and gives each caller its own answers, in order', async () => {
    const writes: string[][] = [];
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const group = new EventGroupCommit(
      async (events) => {
        writes.push(events.map((e) => e.id));
        if (writes.length === 1) await gate;
        return events.map((e) => !e.id.startsWith('dup'));
      },
      100,
      1,
    );
    const first = group.record([event('a')]);
    const second = group.record([event('b'), event('dup-c')]);
    const third = group.record([event('d')]);
    release();
    expect(await first).toEqual([true]);
    expect(await second).toEqual([true, false]);
    expect(await third).toEqual([true]);
    expect(writes).toEqual([['a'], ['b', 'dup-c', 'd']]);
  });

  it('keeps a group within the event limit and fails the requests of a failed write, and only those', async () => {
    const writes: number[] = [];
    const group = new EventGroupCommit(
      (events) => {
        writes.push(events.length);
        return events.some((e) => e.id === 'boom')
          ? Promise.reject(new Error('database down'))
          : Promise.resolve(events.map(() => true));
      },
      2,
      1,
    );
    const results = await Promise.allSettled([
      group.record([event('1'), event('2')]),
      group.record([event('boom'), event('3')]),
      group.record([event('4')]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(writes).toEqual([2, 2, 1]);
  });
});

describe('EventGroupCommit queue bound', () => {
  it('refuses events beyond the queue bound at once, and takes them again once the queue drains', async () => {
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const group = new EventGroupCommit(
      async (events) => {
        await stuck; // Postgres not answering
        return events.map(() => true);
      },
      100,
      1,
      3,
    );
    const inTransaction = group.record([event('a')]);
    const queued = group.record([event('b'), event('c')]);
    expect(group.waiting).toBe(2);
    await expect(group.record([event('d'), event('e')])).rejects.toMatchObject({
      name: 'IngestUnavailableError',
      retryAfterSeconds: 1,
      message: '2 events are already waiting for the event store (the limit is 3); retry shortly',
    });
    const fits = group.record([event('f')]);
    release();
    expect(await Promise.all([inTransaction, queued, fits])).toEqual([[true], [true, true], [true]]);
    expect(group.waiting).toBe(0);
    expect(await group.record([event('d'), event('e')])).toEqual([true, true]);
  });
});

describe('EventGroupCommit with tracing on', () => {
  beforeAll(() => {
    // The in-process SDK with a console exporter nobody reads: spans are not the point, propagation is.
    process.env.OTEL_TRACES_EXPORTER = 'console';
    startTracing('group-commit-spec');
  });
  afterAll(async () => {
    await stopTracing();
    delete process.env.OTEL_TRACES_EXPORTER;
  });

  const requestContext = (traceId: string): Context =>
    propagation.extract(ROOT_CONTEXT, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });

  it("gives each request's events its own request's traceparent, though they share one transaction", async () => {
    const written: TraceHeaders[][] = [];
    const group = new EventGroupCommit(
      (events, traces) => {
        written.push(traces);
        return Promise.resolve(events.map(() => true));
      },
      100,
      1,
    );
    const a = '0af7651916cd43dd8448eb211c80319c';
    const b = '4bf92f3577b34da6a3ce929d0e0e4736';
    // The first write starts in request A's context; B's events join the next one, which A's completion runs.
    const first = context.with(requestContext(a), () => group.record([event('a1')]));
    const second = context.with(requestContext(b), () => group.record([event('b1'), event('b2')]));
    const third = context.with(requestContext(a), () => group.record([event('a2')]));
    await Promise.all([first, second, third]);
    const traceIds = written.map((traces) => traces.map((trace) => trace?.traceparent?.split('-')[1]));
    expect(traceIds).toEqual([[a], [b, b, a]]);
  });
});

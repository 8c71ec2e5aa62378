import type { HooklineEvent } from '@hookline/contracts';
import { EventGroupCommit } from './event-group-commit';

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

import { endpointRecordOf, outcomeOf, outcomeSeries } from '../../../test/factories';
import type { EndpointHealth } from './endpoint-health-state';
import { applyEndpointRecord } from './endpoint-registry';
import { projectOutcomes } from './project-outcomes';

const DAY = 86_400_000;
const rules = {
  failingAfterFailures: 5,
  disableAfterMs: 5 * DAY,
  disableOnGone: true,
  sweepHorizonMs: 365 * DAY,
};
const now = new Date('2026-11-23T12:00:00Z');
const registered = () => new Map([['ep_1', applyEndpointRecord(undefined, endpointRecordOf(), 5)]]);

describe('projectOutcomes', () => {
  it('warns once when an endpoint enters failing, and not again while it stays failing', () => {
    const { healths, decisions } = projectOutcomes(
      registered(),
      outcomeSeries(8, 'failed', '2026-11-23T10:00:00Z'),
      rules,
      now,
    );
    expect(healths.get('ep_1')?.state).toBe('failing');
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({
      decision: 'failing',
      cause: 'entered_failing',
      endpointId: 'ep_1',
      tenantId: 't1',
      failingSince: '2026-11-23T10:00:00.000Z',
      decidedAt: now.toISOString(),
    });
  });

  it('gives the same decision the same id when the same episode is projected again', () => {
    const outcomes = outcomeSeries(5, 'failed', '2026-11-23T10:00:00Z');
    const first = projectOutcomes(registered(), outcomes, rules, now).decisions;
    const again = projectOutcomes(registered(), outcomes, rules, new Date(now.getTime() + DAY)).decisions;
    expect(again.map((d) => d.decisionId)).toEqual(first.map((d) => d.decisionId));
    const laterEpisode = projectOutcomes(
      registered(),
      outcomeSeries(5, 'failed', '2026-11-24T10:00:00Z'),
      rules,
      now,
    );
    expect(laterEpisode.decisions[0].decisionId).not.toBe(first[0].decisionId);
  });

  it('tells the tenant a failing endpoint recovered (failing → healthy), but not a degraded one', () => {
    const outcomes = [
      ...outcomeSeries(5, 'failed', '2026-11-23T10:00:00Z'),
      outcomeOf({ startedAt: '2026-11-23T11:00:00Z' }),
    ];
    const { healths, decisions } = projectOutcomes(registered(), outcomes, rules, now);
    expect(healths.get('ep_1')?.state).toBe('healthy');
    expect(decisions.map((d) => d.decision)).toEqual(['failing', 'recovered']);
    expect(decisions[1]).toMatchObject({ consecutiveFailures: 5, cause: 'succeeded_again' });
    const blip = [
      ...outcomeSeries(2, 'failed', '2026-11-23T10:00:00Z'),
      outcomeOf({ startedAt: '2026-11-23T11:00:00Z' }),
    ];
    expect(projectOutcomes(registered(), blip, rules, now).decisions).toEqual([]);
  });

  it('retires an endpoint that answers 410 Gone at once, and says nothing more about it afterwards', () => {
    const { healths, decisions } = projectOutcomes(
      registered(),
      [
        outcomeOf({ result: 'failed', statusCode: 410, startedAt: '2026-11-23T10:00:00Z' }),
        ...outcomeSeries(6, 'failed', '2026-11-23T10:01:00Z'),
      ],
      rules,
      now,
    );
    expect(healths.get('ep_1')).toMatchObject({
      state: 'disabled',
      retiredAt: new Date('2026-11-23T10:00:00Z'),
    });
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ decision: 'disable', cause: 'gone' });
    expect(decisions[0].reason).toContain('410 Gone');
  });

  it('keeps 410 an ordinary failure when the policy says not to disable on it', () => {
    const { healths, decisions } = projectOutcomes(
      registered(),
      [outcomeOf({ result: 'failed', statusCode: 410 })],
      { ...rules, disableOnGone: false },
      now,
    );
    expect(healths.get('ep_1')?.state).toBe('degraded');
    expect(decisions).toEqual([]);
  });

  it('warns, then retires, when the failures that make it failing already span disableAfter', () => {
    const spread = Array.from({ length: 5 }, (_, i) =>
      outcomeOf({
        result: 'failed',
        startedAt: new Date(Date.parse('2026-11-10T00:00:00Z') + i * 1.5 * DAY).toISOString(),
      }),
    );
    const { healths, decisions } = projectOutcomes(
      registered(),
      spread,
      rules,
      new Date('2026-11-16T00:00:00Z'),
    );
    expect(decisions.map((d) => `${d.decision}:${d.cause}`)).toEqual([
      'failing:entered_failing',
      'disable:no_success_while_failing',
    ]);
    expect(healths.get('ep_1')?.state).toBe('disabled');
  });

  it('says nothing about an endpoint the tenant disabled', () => {
    const disabled = new Map<string, EndpointHealth>([
      ['ep_1', applyEndpointRecord(undefined, endpointRecordOf({ enabled: false }), 5)],
    ]);
    const { decisions } = projectOutcomes(
      disabled,
      [
        outcomeOf({ result: 'failed', statusCode: 410 }),
        ...outcomeSeries(6, 'failed', '2026-11-23T10:00:00Z'),
      ],
      rules,
      now,
    );
    expect(decisions).toEqual([]);
  });
});

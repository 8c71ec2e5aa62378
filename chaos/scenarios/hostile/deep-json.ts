import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

/** 60 KB: under every route's size limit (the tenant APIs take 64 KiB), so only the depth can refuse it. */
const LEVELS = 10_000;
const MAX_ROUNDS = 100;
const ROOT_ERROR = [{ field: '(root)', message: 'is nested deeper than 64 levels of objects and arrays' }];

/**
 * Bodies nested 10,000 levels deep (60 KB, under every size limit), sent in a loop to a JSON route of
 * each service while the healthy tenant publishes: each must be a 400 naming the depth limit, measured
 * before parsing, never a stack overflow or a 500.
 */
export const hostileDeepJson = hostileRow({
  abuse: 'deep JSON over HTTP',
  refusal: `400 "(root): ${ROOT_ERROR[0].message}" on every service`,
  // Not in npm test until a run on this machine has shown it passing (see docs/reliability.md).
  quick: false,
  async prepare({ chaos, receiver }) {
    const abuser = await chaos.createTenant('deep');
    const endpoint = await chaos.createEndpoint(abuser.apiKey, {
      url: receiver.url('/deep'),
      eventTypes: ['deep.*'],
    });
    const nested = `${'{"a":'.repeat(LEVELS)}1${'}'.repeat(LEVELS)}`;
    const json = (token: string) => ({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    });
    const targets = [
      {
        name: 'producer /v1/events',
        url: `${chaos.url('producer')}/v1/events`,
        headers: json(chaos.secrets.ingestToken),
        body: `{"type":"deep.created","subject":"s","tenant":"${abuser.id}","data":${nested}}`,
      },
      {
        name: 'producer /v1/batches',
        url: `${chaos.url('producer')}/v1/batches`,
        headers: json(chaos.secrets.ingestToken),
        body: `{"type":"deep.deleted","tenant":"${abuser.id}","subjects":["a"],"data":${nested}}`,
      },
      {
        name: 'subscription /v1/endpoints',
        url: `${chaos.url('subscription')}/v1/endpoints`,
        headers: json(abuser.apiKey),
        body: `{"url":"${receiver.url('/deep')}","metadata":${nested}}`,
      },
      {
        name: 'delivery replay',
        url: `${chaos.url('delivery')}/v1/endpoints/${endpoint.id}/replay`,
        headers: json(abuser.apiKey),
        body: `{"since":"2026-01-01T00:00:00Z","x":${nested}}`,
      },
    ];
    return {
      async run(healthyRunning) {
        const answers = new Map<string, RawAnswer[]>(targets.map((target) => [target.name, []]));
        for (let round = 0; round < MAX_ROUNDS && (round === 0 || healthyRunning()); round++)
          for (const target of targets)
            answers
              .get(target.name)!
              .push(await rawRequest(target.url, { headers: target.headers, body: target.body }));
        const failures: string[] = [];
        const got: string[] = [];
        for (const [name, all] of answers) {
          const wrong = all.filter(
            (answer) =>
              answer.status !== 400 || JSON.stringify(answer.body.errors) !== JSON.stringify(ROOT_ERROR),
          );
          if (wrong.length > 0)
            failures.push(`${name}: ${wrong.length}/${all.length} answered ${describeAnswer(wrong[0])}`);
          got.push(`${name} ${all.length}× ${describeAnswer(all[0])}`);
        }
        return {
          got,
          failures,
          figures: { body_bytes: targets[0].body.length, levels: LEVELS },
        };
      },
    };
  },
});

import { gzipSync } from 'node:zlib';
import { rssMiB } from '../../support/process-rss';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { hostileRow } from '../../support/hostile/hostile-row';

const MiB = 1024 * 1024;
const INFLATE_RATIO = 20;
/** At most this many bombs per kind while the healthy round runs (it usually ends first). */
const MAX_BOMBS = 40;

/**
 * Gzip bombs (31 MiB of spaces in a 31 KiB body) sent in a loop while the healthy tenant publishes: without
 * credentials to the producer's batch route and the subscription API (401 before the body is read or
 * inflated), and with them (413 as soon as the inflation passes HTTP_MAX_INFLATE_RATIO, or the route's body
 * limit when that is smaller: the subscription API's 64 KiB is within the ratio's 64 KiB allowance).
 */
export const hostileGzipBomb = hostileRow({
  abuse: 'gzip bomb',
  refusal: `401 unread without credentials; 413 with them, while inflating (the ${INFLATE_RATIO}× ratio or the route's size limit, whichever first)`,
  quick: true,
  platform: { extra: { HTTP_MAX_INFLATE_RATIO: String(INFLATE_RATIO) } },
  async prepare({ chaos }) {
    const abuser = await chaos.createTenant('bomber');
    const bomb = gzipSync(Buffer.alloc(31 * MiB, 0x20));
    const gzip = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
    const targets = [
      { name: 'producer_anonymous', url: `${chaos.url('producer')}/v1/batches`, headers: gzip, status: 401 },
      {
        name: 'subscription_anonymous',
        url: `${chaos.url('subscription')}/v1/endpoints`,
        headers: gzip,
        status: 401,
      },
      {
        name: 'producer_authenticated',
        url: `${chaos.url('producer')}/v1/batches`,
        headers: { ...gzip, authorization: `Bearer ${chaos.secrets.ingestToken}` },
        status: 413,
      },
      {
        name: 'subscription_authenticated',
        url: `${chaos.url('subscription')}/v1/endpoints`,
        headers: { ...gzip, authorization: `Bearer ${abuser.apiKey}` },
        status: 413,
      },
    ];
    return {
      async run(healthyRunning) {
        const pids = {
          producer: chaos.platform.processes.producer.pid,
          subscription: chaos.platform.processes.subscription.pid,
        };
        const rssBefore = {
          producer: rssMiB(pids.producer) ?? 0,
          subscription: rssMiB(pids.subscription) ?? 0,
        };
        const answers = new Map<string, RawAnswer[]>(targets.map((target) => [target.name, []]));
        for (let round = 0; round < MAX_BOMBS && (round === 0 || healthyRunning()); round++) {
          for (const target of targets)
            answers
              .get(target.name)!
              .push(await rawRequest(target.url, { headers: target.headers, body: bomb }));
        }
        const rssAfter = {
          producer: rssMiB(pids.producer) ?? 0,
          subscription: rssMiB(pids.subscription) ?? 0,
        };
        const failures: string[] = [];
        const got: string[] = [];
        for (const target of targets) {
          const all = answers.get(target.name)!;
          const wrong = all.filter((answer) => answer.status !== target.status);
          if (wrong.length > 0)
            failures.push(
              `${target.name}: ${wrong.length}/${all.length} answered ${describeAnswer(wrong[0])}`,
            );
          const stoppedWhileInflating = (answer: RawAnswer) =>
            /^compressed body inflates to more than 20 times|^body is larger than the limit of/.test(
              String(answer.body.message),
            );
          if (target.status === 413 && !all.every(stoppedWhileInflating))
            failures.push(`${target.name}: ${describeAnswer(all[0])}, not an inflation or size limit`);
          got.push(`${target.name} ${all.length}× ${describeAnswer(all[0])}`);
        }
        return {
          got,
          failures,
          figures: {
            bombs: [...answers.values()].reduce((sum, all) => sum + all.length, 0),
            bomb_bytes: `${bomb.length}→${31 * MiB}`,
            rss_mib: `producer ${rssBefore.producer}→${rssAfter.producer}, subscription ${rssBefore.subscription}→${rssAfter.subscription}`,
          },
        };
      },
    };
  },
});

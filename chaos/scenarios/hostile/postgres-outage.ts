import { join } from 'node:path';
import { freePort, platformServiceEnv, startServiceProcess, waitFor } from '@hookline/testing';
import { shortId } from '../../support/chaos-kafka';
import { CuttableTcpProxy } from '../../support/cuttable-tcp-proxy';
import { describeAnswer, rawRequest, type RawAnswer } from '../../support/raw-request';
import { HOSTILE_READY_TIMEOUT_MS, hostileRow } from '../../support/hostile/hostile-row';

const MAX_REQUESTS = 400;
const RETRY_WITHIN_MS = 60_000;
const REFUSAL = {
  statusCode: 503,
  error: 'Service Unavailable',
  message: 'the event store is unavailable; retry in 5 s',
};

/**
 * A second producer process whose Postgres is behind a TCP proxy; the proxy is cut (open connections
 * dropped, new ones never answered) for as long as the healthy tenant publishes through the first producer.
 * The cut producer must answer 503 + Retry-After within its connect timeout, never 500; once the proxy heals,
 * the client's retries of every refused event are accepted, and every event either producer accepted is
 * delivered (the outbox relay may have been leading in the cut process: another must take over).
 */
export const hostilePostgresOutage = hostileRow({
  abuse: 'Postgres outage',
  refusal: `503 "${REFUSAL.message}" + Retry-After from the cut producer; 202 again once healed`,
  quick: true,
  async prepare({ context, chaos, receiver }) {
    const proxy = await new CuttableTcpProxy().start({
      host: new URL(chaos.database.url).hostname,
      port: Number(new URL(chaos.database.url).port || 5432),
    });
    context.cleanup.defer('the Postgres proxy', () => proxy.stop());
    const port = await freePort();
    const cutProducer = await startServiceProcess({
      service: 'producer',
      port,
      env: {
        ...platformServiceEnv(chaos.platform.options, port),
        DATABASE_URL: proxy.via(chaos.database.url),
        DATABASE_CONNECT_TIMEOUT_MS: '1000',
        INGEST_CONSUMER_ENABLED: 'false',
      },
      logFile: join(chaos.logDir, 'producer-behind-proxy.log'),
      readyTimeoutMs: HOSTILE_READY_TIMEOUT_MS,
    });
    context.cleanup.defer('the producer behind the proxy', () => cutProducer.stop());
    const tenant = await chaos.createTenant('outage');
    await chaos.createEndpoint(tenant.apiKey, { url: receiver.url('/outage'), eventTypes: ['outage.*'] });
    const accepted = new Set<string>();
    const publish = async (id: string) => {
      const answer = await rawRequest(`${cutProducer.url}/v1/events`, {
        headers: { authorization: `Bearer ${chaos.secrets.ingestToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ id, type: 'outage.created', subject: 'o', tenant: tenant.id, data: {} }),
      });
      if (answer.status === 202) accepted.add(id);
      return answer;
    };
    const arrived = () => new Set(receiver.succeeded('/outage').map((receipt) => receipt.eventId));
    // The cut producer knows the tenant, and the endpoint routes, before the cut.
    await waitFor(
      async () => {
        await publish(`outage_probe_${shortId()}`);
        await new Promise((resolve) => setTimeout(resolve, 500));
        return arrived().size > 0;
      },
      { what: 'an event through the producer behind the proxy to arrive', timeoutMs: 60_000, intervalMs: 1 },
    );

    return {
      async run(healthyRunning) {
        proxy.partition();
        const refused = new Map<string, RawAnswer>();
        const others: RawAnswer[] = [];
        const cutAt = Date.now();
        for (let i = 0; i < MAX_REQUESTS && (i < 3 || healthyRunning()); i++) {
          const id = `outage_${i}_${shortId()}`;
          const answer = await publish(id);
          if (answer.status === 503) refused.set(id, answer);
          else others.push(answer);
        }
        const cutMs = Date.now() - cutAt;
        proxy.heal();
        // A well-behaved client retries what was refused, after Retry-After.
        const retried = await waitFor(
          async () => {
            for (const id of [...refused.keys()].filter((id) => !accepted.has(id))) await publish(id);
            return [...refused.keys()].every((id) => accepted.has(id)) ? true : undefined;
          },
          { what: 'every refused event accepted on retry', timeoutMs: RETRY_WITHIN_MS, intervalMs: 1_000 },
        ).catch(() => false);
        const failures: string[] = [];
        const answers = [...refused.values()];
        const inexact = answers.filter(
          (a) => a.headers['retry-after'] !== '5' || JSON.stringify(a.body) !== JSON.stringify(REFUSAL),
        );
        if (answers.length === 0) failures.push('the cut producer never answered 503');
        if (inexact.length > 0)
          failures.push(`${inexact.length} refusals were ${describeAnswer(inexact[0])}`);
        const non503 = others.filter((a) => a.status !== 202);
        if (non503.length > 0)
          failures.push(`${non503.length} answers while cut were ${describeAnswer(non503[0])}`);
        if (!retried) failures.push('refused events were still refused a minute after the proxy healed');
        const slowest = Math.round(Math.max(0, ...answers.map((a) => a.ms)));
        return {
          got: [`${answers.length}× ${answers[0] === undefined ? '-' : describeAnswer(answers[0])}`],
          failures,
          figures: {
            cut_s: (cutMs / 1000).toFixed(1),
            refused_while_cut: answers.length,
            accepted_while_cut: others.filter((a) => a.status === 202).length,
            slowest_refusal_ms: slowest,
          },
        };
      },
      async settle() {
        await waitFor(() => [...accepted].every((id) => arrived().has(id)), {
          what: 'every event the cut producer accepted',
          timeoutMs: 60_000,
        }).catch(() => undefined);
        const delivered = arrived();
        const lost = [...accepted].filter((id) => !delivered.has(id)).length;
        return {
          got: [],
          failures: [],
          lost,
          figures: { outage_tenant_delivered: `${accepted.size - lost}/${accepted.size}` },
        };
      },
    };
  },
});

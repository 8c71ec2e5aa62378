import { request as httpRequest } from 'node:http';
import { waitFor } from '@hookline/testing';
import { ChaosPlatform } from '../support/chaos-platform';
import { RssSampler, rssMiB } from '../support/process-rss';
import { RecordingReceiver } from '../support/recording-receiver';
import { Verdict, type Scenario } from '../support/scenario';

const TIMEOUT_MS = 3_000;
const STREAM_BYTES = 1024 ** 3;
const RSS_BOUND_MIB = 256;
/** Statuses that refuse an oversized request: 413 body, 414 URL, 431 headers, 400 validation. */
const REFUSALS = new Set([400, 413, 414, 431]);

/** A raw request, so sizes are exactly what the test says (no client-side limits). */
function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer },
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/**
 * Oversized payloads, URLs and headers against the producer and subscription APIs must be refused with a
 * 4xx, not buffered; a receiver that streams 1 GB and one that never answers must each cost one attempt
 * aborted at DELIVERY_TIMEOUT_MS, with the delivery process's memory bounded throughout.
 */
export const inputLimits: Scenario = {
  name: 'input limits',
  bar: `413/400 (414/431 for URL/headers); attempt aborted at the timeout; RSS < ${RSS_BOUND_MIB} MiB`,
  quick: true,
  timeoutMs: 2 * 60_000,
  async run(context) {
    let streamed = 0;
    let streamStart = 0;
    let streamClosedAfter = NaN;
    let hangClosedAfter = NaN;
    const receiver = await new RecordingReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    receiver.handlers.set('/gigabyte', (request, response) => {
      streamStart = Date.now();
      request.resume();
      response.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': String(STREAM_BYTES),
      });
      const chunk = Buffer.alloc(64 * 1024, 120);
      const pump = () => {
        while (streamed < STREAM_BYTES && !response.destroyed) {
          streamed += chunk.length;
          if (!response.write(chunk)) return response.once('drain', pump);
        }
        if (!response.destroyed) response.end();
      };
      response.on('close', () => (streamClosedAfter = Date.now() - streamStart));
      pump();
    });
    receiver.handlers.set('/hang', (request) => {
      const start = Date.now();
      request.resume();
      request.socket.on('close', () => (hangClosedAfter = Date.now() - start));
    });

    const chaos = await ChaosPlatform.start(context, 'limits', {
      logLevel: 'warn',
      serviceEnv: {
        delivery: {
          DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS),
          DELIVERY_RETRY_SCHEDULE: '0,1h',
          DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '1000',
        },
      },
    });
    const tenant = await chaos.createTenant('limits');
    const statuses: Record<string, number> = {};
    const producer = chaos.url('producer');
    const subscription = chaos.url('subscription');
    const auth = { authorization: `Bearer ${chaos.secrets.ingestToken}`, 'content-type': 'application/json' };
    const tenantAuth = { authorization: `Bearer ${tenant.apiKey}`, 'content-type': 'application/json' };
    const producerRss = new RssSampler(chaos.platform.processes.producer.pid);
    const bigData = 'x'.repeat(300 * 1024);
    statuses.payload_300k = await send(`${producer}/v1/events`, {
      method: 'POST',
      headers: auth,
      body: Buffer.from(
        JSON.stringify({ type: 'a.created', subject: 's', tenant: tenant.id, data: { bigData } }),
      ),
    });
    statuses.payload_40mb = await send(`${producer}/v1/batches`, {
      method: 'POST',
      headers: auth,
      body: Buffer.alloc(40 * 1024 * 1024, 32),
    });
    statuses.url_100k = await send(`${producer}/v1/events?${'q'.repeat(100 * 1024)}`, { headers: auth });
    statuses.header_64k = await send(`${producer}/v1/events`, {
      headers: { ...auth, 'x-big': 'h'.repeat(64 * 1024) },
    });
    statuses.endpoint_url_4k = await send(`${subscription}/v1/endpoints`, {
      method: 'POST',
      headers: tenantAuth,
      body: Buffer.from(JSON.stringify({ url: `https://example.com/${'p'.repeat(4096)}` })),
    });
    statuses.admin_body_100k = await send(`${subscription}/v1/endpoints`, {
      method: 'POST',
      headers: tenantAuth,
      body: Buffer.from(JSON.stringify({ url: 'https://example.com/', description: 'd'.repeat(100 * 1024) })),
    });
    const producerPeak = producerRss.stop();

    const gigabyte = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/gigabyte'),
      eventTypes: ['big.*'],
    });
    const hang = await chaos.createEndpoint(tenant.apiKey, {
      url: receiver.url('/hang'),
      eventTypes: ['hang.*'],
    });
    const deliveryPid = chaos.platform.processes.delivery.pid;
    const deliveryBefore = rssMiB(deliveryPid) ?? 0;
    const deliveryRss = new RssSampler(deliveryPid);
    // Published until each endpoint has one attempt on record (the endpoints reach delivery asynchronously).
    const attemptsOf = async (endpointId: string) => chaos.attempts(tenant.apiKey, { endpointId });
    await waitFor(
      async () => {
        const [big, hung] = await Promise.all([attemptsOf(gigabyte.id), attemptsOf(hang.id)]);
        if (big.length > 0 && hung.length > 0) return true;
        if (big.length === 0 && streamStart === 0)
          await chaos.publish([
            { id: `big_${Date.now()}`, type: 'big.created', subject: 'b', tenant: tenant.id, data: {} },
          ]);
        if (hung.length === 0 && Number.isNaN(hangClosedAfter))
          await chaos.publish([
            { id: `hang_${Date.now()}`, type: 'hang.created', subject: 'h', tenant: tenant.id, data: {} },
          ]);
        return false;
      },
      { what: 'an attempt on each slow endpoint', timeoutMs: 60_000, intervalMs: TIMEOUT_MS + 1_000 },
    );
    await waitFor(() => !Number.isNaN(hangClosedAfter) && !Number.isNaN(streamClosedAfter), {
      what: 'both receivers to see their connection closed',
      timeoutMs: 30_000,
    }).catch(() => undefined);
    const deliveryPeak = deliveryRss.stop();
    const [bigAttempt] = await attemptsOf(gigabyte.id);
    const [hangAttempt] = await attemptsOf(hang.id);

    const verdict = new Verdict();
    for (const [name, status] of Object.entries(statuses))
      verdict.check(REFUSALS.has(status), `${name} answered ${status}`);
    verdict.check(
      hangAttempt?.errorClass === 'timeout',
      `the hanging attempt ended as ${hangAttempt?.errorClass}`,
    );
    verdict.check(
      hangClosedAfter >= TIMEOUT_MS - 500 && hangClosedAfter <= TIMEOUT_MS + 1_500,
      `the hanging request was closed after ${hangClosedAfter} ms, not at the ${TIMEOUT_MS} ms timeout`,
    );
    verdict.check(
      streamClosedAfter <= TIMEOUT_MS + 1_500 && streamed < STREAM_BYTES,
      `the 1 GB response ran ${streamClosedAfter} ms and ${streamed} bytes`,
    );
    verdict.check(deliveryPeak < RSS_BOUND_MIB, `delivery peaked at ${deliveryPeak} MiB`);
    verdict.check(producerPeak < RSS_BOUND_MIB, `producer peaked at ${producerPeak} MiB`);
    return verdict.result({
      ...statuses,
      hang_closed_after_ms: hangClosedAfter,
      hang_attempt: `${hangAttempt?.errorClass ?? '-'}/${hangAttempt?.durationMs ?? '-'}ms`,
      gigabyte_closed_after_ms: streamClosedAfter,
      gigabyte_sent_mib: Math.round(streamed / 1024 ** 2),
      gigabyte_attempt: `${bigAttempt?.result ?? '-'}/${bigAttempt?.errorClass ?? bigAttempt?.statusCode ?? '-'}/${bigAttempt?.durationMs ?? '-'}ms`,
      delivery_rss_mib: `${deliveryBefore}→peak ${deliveryPeak}`,
      producer_rss_peak_mib: producerPeak,
    });
  },
};

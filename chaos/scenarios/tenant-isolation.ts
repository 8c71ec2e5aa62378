import { TestReceiver, waitFor, type ServiceName } from '@hookline/testing';
import { ChaosPlatform, type Json } from '../support/chaos-platform';
import { Verdict, type Scenario } from '../support/scenario';

interface OpenApiOperation {
  operationId: string;
  security?: Array<Record<string, string[]>>;
}

/** Bodies that pass validation, so a route can refuse tenant B only by not finding A's object. */
const VALID_BODIES: Record<string, unknown> = {
  Endpoints_update: { description: 'taken over' },
  EndpointSecrets_rotate: {},
  TestEvents_send: { eventType: 'iso.created' },
  EventTypes_update: { description: 'taken over' },
};

interface Probe {
  service: ServiceName;
  method: string;
  path: string;
  body?: unknown;
}

/**
 * Tenant A owns an endpoint, an event type, a key, a delivered event and a replay. Tenant B's key is tried on
 * every tenant route of every service with A's ids (the subscription routes straight from its OpenAPI
 * document, delivery's and health's listed here): each must answer 404, and no answer, nor any of B's lists,
 * may contain any of A's ids.
 */
export const tenantIsolation: Scenario = {
  name: 'tenant isolation',
  bar: "every route with B's key on A's ids → 404; 0 leaked",
  quick: true,
  timeoutMs: 2 * 60_000,
  async run(context) {
    const receiver = await new TestReceiver().start();
    context.cleanup.defer('the receiver', () => receiver.stop());
    const chaos = await ChaosPlatform.start(context, 'iso', { logLevel: 'warn' });
    const owner = (await chaos.createTenant('owner')) as { id: string; apiKey: string; apiKeyId: string };
    const intruder = await chaos.createTenant('intruder');
    const endpoint = await chaos.createEndpoint(owner.apiKey, {
      url: receiver.url('/a'),
      eventTypes: ['iso.*'],
    });
    await chaos.createEndpoint(intruder.apiKey, { url: receiver.url('/b'), eventTypes: ['iso.*'] });
    const eventType = await chaos.call('subscription', 'POST', '/v1/event-types', owner.apiKey, {
      type: 'iso.merged',
    });
    const eventId = `iso_${Date.now()}`;
    await waitFor(
      async () => {
        if (receiver.requests.some((request) => request.path === '/a')) return true;
        await chaos.publish([
          { id: eventId, type: 'iso.created', subject: 'iso_1', tenant: owner.id, data: {} },
        ]);
        return false;
      },
      { what: "tenant A's event to be delivered", timeoutMs: 60_000, intervalMs: 1_000 },
    );
    const replay = await chaos.call('delivery', 'POST', `/v1/endpoints/${endpoint.id}/replay`, owner.apiKey, {
      since: new Date(Date.now() - 60_000).toISOString(),
    });
    const replayId = String(replay.body.id);
    const secrets = [endpoint.secret];
    const ownerIds = [endpoint.id, eventId, owner.id, owner.apiKeyId, 'iso.merged', replayId, ...secrets];

    const verdict = new Verdict();
    verdict.check(eventType.status === 201, `registering A's event type answered ${eventType.status}`);
    verdict.check(replay.status === 202, `A's replay answered ${replay.status}`);
    const before = await chaos.call('subscription', 'GET', `/v1/endpoints/${endpoint.id}`, owner.apiKey);

    const ids: Record<string, string> = {
      endpointId: endpoint.id,
      type: 'iso.merged',
      keyId: owner.apiKeyId,
      eventId,
      replayId,
    };
    const spec = (await chaos.call('subscription', 'GET', '/openapi.json', undefined)).body as {
      paths: Record<string, Record<string, OpenApiOperation>>;
    };
    const probes: Probe[] = [];
    for (const [path, operations] of Object.entries(spec.paths ?? {})) {
      if (!path.includes('{')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        if (!(operation.security ?? []).some((scheme) => 'tenant-key' in scheme)) continue;
        probes.push({
          service: 'subscription',
          method: method.toUpperCase(),
          path: path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(ids[name] ?? name)),
          body: ['post', 'patch', 'put'].includes(method)
            ? (VALID_BODIES[operation.operationId] ?? {})
            : undefined,
        });
      }
    }
    verdict.check(
      probes.length >= 10,
      `the OpenAPI document listed only ${probes.length} tenant routes with ids`,
    );
    const since = new Date(Date.now() - 3_600_000).toISOString();
    probes.push(
      { service: 'delivery', method: 'POST', path: `/v1/events/${eventId}/endpoints/${endpoint.id}/resend` },
      { service: 'delivery', method: 'POST', path: `/v1/endpoints/${endpoint.id}/replay`, body: { since } },
      { service: 'delivery', method: 'GET', path: `/v1/replays/${replayId}` },
      { service: 'delivery', method: 'POST', path: `/v1/endpoints/${endpoint.id}/recover`, body: {} },
      { service: 'health', method: 'GET', path: `/v1/endpoints/${endpoint.id}/health` },
      { service: 'health', method: 'GET', path: `/v1/events/${eventId}/trace` },
    );
    const lists: Probe[] = [
      { service: 'subscription', method: 'GET', path: '/v1/endpoints' },
      { service: 'subscription', method: 'GET', path: '/v1/event-types?includeArchived=true' },
      { service: 'subscription', method: 'GET', path: '/v1/api-keys' },
      { service: 'delivery', method: 'GET', path: `/v1/attempts?endpointId=${endpoint.id}` },
      { service: 'delivery', method: 'GET', path: `/v1/attempts?eventId=${eventId}` },
      { service: 'health', method: 'GET', path: '/v1/endpoints/health' },
    ];

    let notFound = 0;
    let leaked = 0;
    // An id B sent itself (a 404 may name it) is no leak; any other of A's ids in an answer is.
    const leaks = (probe: Probe, body: Json) => {
      const sent = `${probe.path} ${JSON.stringify(probe.body ?? {})}`;
      const found = ownerIds.filter((id) => !sent.includes(id) && JSON.stringify(body).includes(id));
      for (const id of found) verdict.note(`${probe.service} ${probe.method} ${probe.path} revealed ${id}`);
      return found.length;
    };
    for (const probe of probes) {
      const answer = await chaos.call(probe.service, probe.method, probe.path, intruder.apiKey, probe.body);
      if (answer.status === 404) notFound++;
      else verdict.check(false, `${probe.service} ${probe.method} ${probe.path} answered ${answer.status}`);
      leaked += leaks(probe, answer.body);
    }
    for (const probe of lists) {
      const answer = await chaos.call(probe.service, probe.method, probe.path, intruder.apiKey);
      verdict.check(
        answer.status === 200,
        `${probe.service} ${probe.method} ${probe.path} answered ${answer.status}`,
      );
      leaked += leaks(probe, answer.body);
    }
    verdict.check(leaked === 0, `${leaked} of A's ids appeared in answers to B`);
    const after = await chaos.call('subscription', 'GET', `/v1/endpoints/${endpoint.id}`, owner.apiKey);
    verdict.check(
      after.body.version === before.body.version && after.body.enabled === true,
      "A's endpoint changed while B probed it",
    );
    return verdict.result({
      routes: probes.length,
      answered_404: `${notFound}/${probes.length}`,
      lists_checked: lists.length,
      leaked,
    });
  },
};

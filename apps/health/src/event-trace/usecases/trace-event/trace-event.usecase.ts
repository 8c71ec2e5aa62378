import { Inject, Injectable, NotFoundException } from '@nestjs/common';
import { SubscriptionReplica } from '@hookline/subscription-state';
import { HEALTH_CONFIG, type HealthConfig } from '../../../config/health.config';
import { HealthStore } from '../../../database/health-store';
import { describeDuration } from '../../../retirement/domain/retirement-policy';
import { explainEvent, type EndpointNow } from '../../domain/explain-event';
import { toEventTraceResponse, type EventTraceResponseDto } from '../../dto/event-trace.response.dto';

/** "What happened to my event?" from the routing record, the attempt log, and the endpoints as they are now. */
@Injectable()
export class TraceEventUseCase {
  constructor(
    private readonly store: HealthStore,
    @Inject(SubscriptionReplica) private readonly replica: SubscriptionReplica,
    @Inject(HEALTH_CONFIG) private readonly config: HealthConfig,
  ) {}

  async execute(tenantId: string, eventId: string): Promise<EventTraceResponseDto> {
    const { routes, attempts, endpoints, eventDeadLetters } = this.store.read;
    const [routing, logged, deadLetters] = await Promise.all([
      routes.find(tenantId, eventId),
      attempts.forEvent(tenantId, eventId),
      eventDeadLetters.forEvent(tenantId, eventId),
    ]);
    const endpointIds = [
      ...new Set([
        ...(routing?.matched ?? []).map((m) => m.endpointId),
        ...(routing?.skipped ?? []).map((s) => s.endpointId),
        ...logged.map((a) => a.endpointId),
      ]),
    ];
    const healths = new Map(
      (await endpoints.findManyForTenant(tenantId, endpointIds)).map((health) => [health.endpointId, health]),
    );
    const now = new Map<string, EndpointNow>();
    for (const endpointId of endpointIds) {
      const health = healths.get(endpointId);
      const record = this.replica.state.endpoint(endpointId);
      const own = record?.tenantId === tenantId ? record : undefined;
      if (health === undefined && own === undefined) continue;
      now.set(endpointId, {
        state: health?.state ?? null,
        enabled: own?.enabled ?? health?.enabled ?? null,
        disabledReason: own?.disabledReason ?? health?.disabledReason ?? null,
        eventTypes: own?.eventTypes ?? null,
        entityTypes: own?.entityTypes ?? null,
      });
    }
    const trace = explainEvent({ eventId, tenantId, routing, attempts: logged, endpoints: now, deadLetters });
    if (trace === undefined) {
      throw new NotFoundException(
        `Hookline has no record of event ${eventId} for this tenant: it was never received for this tenant ` +
          `(check the event id and the tenant it was published with), it is older than the trace retention ` +
          `(${describeDuration(this.config.traceRetentionMs)}), or it has not been routed yet`,
      );
    }
    return toEventTraceResponse(trace);
  }
}

import type { EndpointHealth, EndpointState } from '../../projection/domain/endpoint-health-state';
import type { WindowName, WindowStats } from '../../projection/domain/window-stats';
import type { StoredDecision } from '../../retirement/persistence/decisions.repository';

/** One endpoint's health as the list shows it. */
export interface EndpointHealthSummaryDto {
  endpointId: string;
  state: EndpointState;
  enabled: boolean;
  disabledReason: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  lastErrorClass: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  attemptsTotal: number;
  successesTotal: number;
  retiredAt: string | null;
  retiredReason: string | null;
}

/** `GET /v1/endpoints/:id/health`: the summary, the 1 h / 24 h / 7 d windows, and recent decisions. */
export interface EndpointHealthResponseDto extends EndpointHealthSummaryDto {
  windows: Record<WindowName, WindowStats>;
  decisions: Array<{ decisionId: string; decision: string; reason: string; decidedAt: string }>;
  /** The health clock's time the windows were computed at. */
  asOf: string;
}

export interface EndpointHealthListResponseDto {
  data: EndpointHealthSummaryDto[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

const iso = (date: Date | null) => date?.toISOString() ?? null;

export function toEndpointHealthSummary(health: EndpointHealth): EndpointHealthSummaryDto {
  return {
    endpointId: health.endpointId,
    state: health.state,
    enabled: health.enabled,
    disabledReason: health.disabledReason,
    lastSuccessAt: iso(health.lastSuccessAt),
    lastFailureAt: iso(health.lastFailureAt),
    lastAttemptAt: iso(health.lastAttemptAt),
    lastStatus: health.lastStatus,
    lastError: health.lastError,
    lastErrorClass: health.lastErrorClass,
    consecutiveFailures: health.consecutiveFailures,
    failingSince: iso(health.failureStreakStartedAt),
    attemptsTotal: health.attemptsTotal,
    successesTotal: health.successesTotal,
    retiredAt: iso(health.retiredAt),
    retiredReason: health.retiredReason,
  };
}

export function toEndpointHealthResponse(
  health: EndpointHealth,
  windows: Record<WindowName, WindowStats>,
  decisions: readonly StoredDecision[],
  asOf: Date,
): EndpointHealthResponseDto {
  return {
    ...toEndpointHealthSummary(health),
    windows,
    decisions: decisions.map((d) => ({
      decisionId: d.decisionId,
      decision: d.decision,
      reason: d.reason,
      decidedAt: d.decidedAt.toISOString(),
    })),
    asOf: asOf.toISOString(),
  };
}

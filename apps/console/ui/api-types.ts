// The parts of the services' answers the console shows (their DTOs: apps/*/src/**/dto).

export type EndpointState = 'healthy' | 'degraded' | 'failing' | 'disabled';
export type WindowName = '1h' | '24h' | '7d';
export const WINDOW_NAMES: readonly WindowName[] = ['1h', '24h', '7d'];

export interface Endpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: string[];
  enabled: boolean;
  disabledReason: string | null;
  verification: {
    status: 'unverified' | 'verified' | 'failed';
    checkedAt: string | null;
    error: string | null;
  };
  createdAt: string;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface WindowStats {
  attempts: number;
  successes: number;
  failures: number;
  successRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

export interface EndpointHealth {
  endpointId: string;
  state: EndpointState;
  enabled: boolean;
  disabledReason: string | null;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  windows: Record<WindowName, WindowStats>;
  decisions: Array<{ decisionId: string; decision: string; reason: string; decidedAt: string }>;
}

export interface Attempt {
  id: string;
  eventId: string;
  eventType: string;
  endpointId: string;
  attempt: number;
  trigger: string;
  startedAt: string;
  durationMs: number;
  result: 'succeeded' | 'failed';
  statusCode: number | null;
  errorClass: string | null;
  errorMessage: string | null;
  responseBody: string | null;
  nextAttemptAt: string | null;
  exhausted: boolean;
}

export interface EventType {
  type: string;
  description?: string;
  schema?: unknown;
  [field: string]: unknown;
}

/** `GET /v1/events/:eventId/trace` (health's EventTraceResponseDto). */
export interface EventTrace {
  eventId: string;
  eventType: string | null;
  subject: string | null;
  routedAt: string | null;
  status: string;
  summary: string;
  deliveries: Array<{
    endpointId: string;
    status: string;
    explanation: string;
    deliveredAt: string | null;
    nextAttemptAt: string | null;
    attempts: Array<
      Pick<
        Attempt,
        | 'attempt'
        | 'startedAt'
        | 'durationMs'
        | 'result'
        | 'statusCode'
        | 'errorClass'
        | 'errorMessage'
        | 'trigger'
      >
    >;
  }>;
  notMatched: Array<{ endpointId: string; reason: string; explanation: string }>;
}

export interface Tenant {
  id: string;
  name: string;
  [field: string]: unknown;
}

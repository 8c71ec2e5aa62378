import { randomUUID } from 'node:crypto';
import type {
  BatchOperationInput,
  FieldError,
  HooklineEventInput,
  PublishedBatch,
  PublishedEvent,
  PublishedEvents,
} from './types';

export interface HooklineClientOptions {
  /** The producer's base URL, e.g. `https://hookline.example.com`. */
  baseUrl: string;
  ingestToken: string;
  /** Per attempt; default 10 s. */
  timeoutMs?: number;
  /** Attempts for network errors, 429 and 5xx (safe: every submission carries its id). Default 4. */
  attempts?: number;
}

/** A refusal that retrying cannot fix (400 with field errors, 401, 413, …). */
export class HooklineRequestError extends Error {
  constructor(
    readonly status: number,
    readonly errors: FieldError[],
    message: string,
  ) {
    super(message);
    this.name = 'HooklineRequestError';
  }
}

/** Retrying did not get an answer (network, 429, 5xx). Safe to retry later with the same ids. */
export class HooklineUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HooklineUnavailableError';
  }
}

/**
 * A typed client for Hookline's ingest API. Ids are assigned before the first attempt, so a retry after a
 * timeout is recognised as a duplicate by the producer, never delivered twice.
 */
export class HooklineClient {
  private readonly timeoutMs: number;
  private readonly attempts: number;

  constructor(private readonly options: HooklineClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.attempts = options.attempts ?? 4;
  }

  publish(event: HooklineEventInput): Promise<PublishedEvent> {
    return this.post('/v1/events', withEventId(event));
  }

  publishMany(events: HooklineEventInput[]): Promise<PublishedEvents> {
    return this.post('/v1/events', events.map(withEventId));
  }

  /** Any size up to the producer's batch limit (default 32 MB); `subjects` is sent last, as it streams. */
  publishBatch(operation: BatchOperationInput): Promise<PublishedBatch> {
    const { subjects, ...header } = operation;
    return this.post('/v1/batches', { ...header, id: header.id ?? randomUUID(), subjects });
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    const payload = JSON.stringify(body);
    let lastProblem: unknown;
    for (let attempt = 1; attempt <= this.attempts; attempt++) {
      if (attempt > 1) await sleep(Math.min(200 * 2 ** attempt, 5_000) * (0.5 + Math.random()));
      try {
        const response = await fetch(new URL(path, this.options.baseUrl), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${this.options.ingestToken}`,
          },
          body: payload,
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        const text = await response.text();
        if (response.ok) return JSON.parse(text) as T;
        if (response.status !== 429 && response.status < 500) throw refusal(response.status, text);
        lastProblem = new Error(`HTTP ${response.status}`);
      } catch (error) {
        if (error instanceof HooklineRequestError) throw error;
        lastProblem = error;
      }
    }
    throw new HooklineUnavailableError(`Hookline did not accept ${path} after ${this.attempts} attempts`, {
      cause: lastProblem,
    });
  }
}

function withEventId(event: HooklineEventInput): HooklineEventInput {
  return event.id === undefined ? { ...event, id: randomUUID() } : event;
}

function refusal(status: number, text: string): HooklineRequestError {
  let errors: FieldError[] = [];
  try {
    errors = (JSON.parse(text) as { errors?: FieldError[] }).errors ?? [];
  } catch {
    // Not JSON (a proxy's 413 page, say): the status says enough.
  }
  const detail = errors.map((error) => `${error.field}: ${error.message}`).join('; ');
  return new HooklineRequestError(
    status,
    errors,
    `Hookline refused the submission (${status})${detail ? `: ${detail}` : ''}`,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

import type { FieldError } from '@hookline/contracts';

/**
 * Why a request body was refused before any controller saw it: the status, the JSON answer (the same shape
 * Nest's exceptions and `badRequest` give), and what to do with the rest of the body.
 */
export class BodyRefusal extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly options: {
      /** Field errors (400s), as `badRequest` answers them. */
      errors?: FieldError[];
      /** Seconds for a `Retry-After` header (503s). */
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(message);
    this.name = 'BodyRefusal';
  }

  /** The JSON body of the answer. */
  answer(): Record<string, unknown> {
    return this.options.errors === undefined
      ? { statusCode: this.status, error: STATUS_NAMES[this.status] ?? 'Error', message: this.message }
      : {
          statusCode: this.status,
          error: STATUS_NAMES[this.status] ?? 'Error',
          message: this.message,
          errors: this.options.errors,
        };
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  503: 'Service Unavailable',
};

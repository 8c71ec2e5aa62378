/** How one attempt ended, in the terms the retry decision needs. */
export type AttemptResult =
  | { kind: 'succeeded'; statusCode: number }
  | {
      /** Worth trying again later (network trouble, timeout, 5xx, 408/409/425/429, 3xx, circuit open). */
      kind: 'retryable';
      errorClass: string;
      statusCode: number | null;
      message: string;
      /** For the server log only (e.g. the addresses behind a refused destination); never published. */
      detail?: string;
      /** The receiver's `Retry-After`, in ms from now. */
      retryAfterMs?: number;
    }
  | {
      /** Another attempt would end the same way (4xx, 410 Gone, a blocked destination). */
      kind: 'permanent';
      errorClass: string;
      statusCode: number | null;
      message: string;
      /** For the server log only; never published. */
      detail?: string;
    };

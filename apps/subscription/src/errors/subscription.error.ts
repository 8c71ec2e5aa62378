import type { FieldError } from '@hookline/contracts';

export enum SubscriptionErrorCode {
  InvalidInput = 'INVALID_INPUT',
  TenantExists = 'TENANT_EXISTS',
  TenantNotFound = 'TENANT_NOT_FOUND',
  ApiKeyNotFound = 'API_KEY_NOT_FOUND',
  EndpointNotFound = 'ENDPOINT_NOT_FOUND',
  EndpointUrlRejected = 'ENDPOINT_URL_REJECTED',
  EndpointDisabled = 'ENDPOINT_DISABLED',
  EventTypeExists = 'EVENT_TYPE_EXISTS',
  EventTypeNotFound = 'EVENT_TYPE_NOT_FOUND',
  QuotaExceeded = 'QUOTA_EXCEEDED',
  RecordTooLarge = 'RECORD_TOO_LARGE',
}

/** A domain failure of the subscription service; the HTTP filter maps its code to a status. */
export class SubscriptionError extends Error {
  readonly errors: FieldError[];

  constructor(
    readonly code: SubscriptionErrorCode,
    message: string,
    field?: string,
  ) {
    super(message);
    this.name = 'SubscriptionError';
    this.errors = field === undefined ? [] : [{ field, message }];
  }

  /** A 400 naming every field at fault. */
  static invalidInput(errors: FieldError[]): SubscriptionError {
    const error = new SubscriptionError(SubscriptionErrorCode.InvalidInput, 'Validation failed');
    error.errors.push(...errors);
    return error;
  }

  static notFound(code: SubscriptionErrorCode, what: string): SubscriptionError {
    return new SubscriptionError(code, `${what} not found`);
  }
}

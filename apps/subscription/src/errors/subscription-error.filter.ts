import { Catch, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { quotaRefusal, writeRefusal } from '@hookline/http';
import { QuotaExceededError } from './quota-exceeded.error';
import { SubscriptionError, SubscriptionErrorCode } from './subscription.error';

const STATUS_BY_CODE: Record<SubscriptionErrorCode, HttpStatus> = {
  [SubscriptionErrorCode.InvalidInput]: HttpStatus.BAD_REQUEST,
  [SubscriptionErrorCode.TenantExists]: HttpStatus.CONFLICT,
  [SubscriptionErrorCode.TenantNotFound]: HttpStatus.NOT_FOUND,
  [SubscriptionErrorCode.ApiKeyNotFound]: HttpStatus.NOT_FOUND,
  [SubscriptionErrorCode.EndpointNotFound]: HttpStatus.NOT_FOUND,
  [SubscriptionErrorCode.EndpointUrlRejected]: HttpStatus.BAD_REQUEST,
  [SubscriptionErrorCode.EndpointDisabled]: HttpStatus.CONFLICT,
  [SubscriptionErrorCode.EventTypeExists]: HttpStatus.CONFLICT,
  [SubscriptionErrorCode.EventTypeNotFound]: HttpStatus.NOT_FOUND,
  // The refusal decides: 409 for a count quota, 429 with Retry-After for a per-minute one.
  [SubscriptionErrorCode.QuotaExceeded]: HttpStatus.CONFLICT,
  // The request is well formed, but the state it would leave could not be published (Kafka's record limit).
  [SubscriptionErrorCode.RecordTooLarge]: HttpStatus.UNPROCESSABLE_ENTITY,
};

/** `{ statusCode, code, message, errors? }`: the same shape as the validation pipe's 400s, plus a code. */
@Catch(SubscriptionError)
export class SubscriptionErrorFilter implements ExceptionFilter<SubscriptionError> {
  catch(error: SubscriptionError, host: ArgumentsHost): void {
    if (error instanceof QuotaExceededError) {
      writeRefusal(host.switchToHttp().getResponse<Response>(), quotaRefusal(error.quota, new Date()));
      return;
    }
    const status = STATUS_BY_CODE[error.code];
    const body: Record<string, unknown> = { statusCode: status, code: error.code, message: error.message };
    if (error.errors.length > 0) body.errors = error.errors;
    host.switchToHttp().getResponse<Response>().status(status).json(body);
  }
}

export {
  badRequest,
  fieldErrorsValidationPipe,
  flattenValidationErrors,
} from './field-errors-validation-pipe';
export { startHttpService } from './start-http-service';
export type { HttpServiceOptions } from './start-http-service';
export { ContractBodyPipe } from './contract-body.pipe';
export { bearerToken, createTokenLookup, createTokenMatcher } from './token-matching';
export { AuthenticatedRequests, authenticateBeforeBody } from './authenticate-before-body';
export type { CredentialCheck, ProtectedRoutes } from './authenticate-before-body';
export { BodyRefusal } from './body-refusal';
export { LargeBodySlots } from './large-body-slots';
export { parseRequestBody } from './parse-request-body';
export { readRequestBody } from './read-request-body';
export { parseSize } from './parse-size';
export { API_KEY_RATE_LIMITER, RequestRateLimiter } from './request-rate-limiter';
export type { RateDecision, RequestRateLimit, RequestRateLimiterOptions } from './request-rate-limiter';
export {
  enforceRequestRate,
  quotaRefusal,
  rateLimitRefusal,
  RefusalCode,
  RefusalException,
  RefusalFilter,
  retryAfterSeconds,
  writeRefusal,
} from './refusal';
export type { QuotaUsage, Refusal } from './refusal';
export { MINUTE_MS, quotaWindow } from './quota-window';
export type { QuotaWindow } from './quota-window';

export {
  badRequest,
  fieldErrorsValidationPipe,
  flattenValidationErrors,
} from './field-errors-validation-pipe';
export { startHttpService } from './start-http-service';
export type { HttpServiceOptions } from './start-http-service';
export { ContractBodyPipe } from './contract-body.pipe';
export { bearerToken, createTokenMatcher } from './token-matching';

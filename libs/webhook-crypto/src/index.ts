export { API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-key';
export { ENDPOINT_SECRET_PREFIX, endpointSecretKey, generateEndpointSecret } from './endpoint-secret';
export { isSealedSecret } from './sealed-secret-format';
export { SecretBox } from './secret-box';
export { customHeaderBinding, signingSecretBinding } from './secret-binding';
export type { SecretBinding } from './secret-binding';
export { signWebhook } from './sign-webhook';
export type { WebhookToSign } from './sign-webhook';

export { API_KEY_PREFIX, generateApiKey, hashApiKey } from './api-key';
export { ENDPOINT_SECRET_PREFIX, endpointSecretKey, generateEndpointSecret } from './endpoint-secret';
export { SecretBox } from './secret-box';
export { signWebhook } from './sign-webhook';
export type { WebhookToSign } from './sign-webhook';

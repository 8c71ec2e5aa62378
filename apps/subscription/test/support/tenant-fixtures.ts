import { randomBytes } from 'node:crypto';
import type { SubscriptionTestApp } from './subscription-test-app';

export interface TestTenant {
  id: string;
  apiKey: string;
  apiKeyId: string;
}

export async function createTenant(app: SubscriptionTestApp, name = 'Tenant'): Promise<TestTenant> {
  const id = `t-${randomBytes(4).toString('hex')}`;
  const answer = await app.call('POST', '/v1/tenants', app.operatorToken, { id, name });
  if (answer.status !== 201)
    throw new Error(`tenant creation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as TestTenant;
}

export async function createEndpoint(
  app: SubscriptionTestApp,
  tenant: TestTenant,
  body: Record<string, unknown> = {},
): Promise<{ id: string; secret: string; version: number; [field: string]: unknown }> {
  const answer = await app.call('POST', '/v1/endpoints', tenant.apiKey, {
    url: 'https://hooks.example.com/in',
    ...body,
  });
  if (answer.status !== 201)
    throw new Error(`endpoint creation answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body as { id: string; secret: string; version: number };
}

/** Public addresses for the names tests register (no real DNS in tests). */
export const PUBLIC_DNS = {
  'hooks.example.com': ['93.184.215.14'],
  'other.example.com': ['2606:4700:4700::1111'],
};

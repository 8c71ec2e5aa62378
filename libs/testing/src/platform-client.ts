import type { PlatformSecrets } from './platform-env';

export interface CreatedTenant {
  id: string;
  apiKey: string;
}

export interface CreatedEndpoint {
  id: string;
  secret: string;
  url: string;
}

export interface PlatformUrls {
  producer: string;
  subscription: string;
  health: string;
  delivery: string;
}

/** The public HTTP APIs, as a user's curl would call them; used by end-to-end tests and benchmarks. */
export class PlatformClient {
  constructor(
    private readonly urls: PlatformUrls,
    private readonly secrets: PlatformSecrets,
  ) {}

  async createTenant(body: { id?: string; name: string }): Promise<CreatedTenant> {
    return this.json('POST', `${this.urls.subscription}/v1/tenants`, this.secrets.operatorToken, body, 201);
  }

  async createEndpoint(apiKey: string, body: Record<string, unknown>): Promise<CreatedEndpoint> {
    return this.json('POST', `${this.urls.subscription}/v1/endpoints`, apiKey, body, 201);
  }

  async publishEvent(event: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    return this.call('POST', `${this.urls.producer}/v1/events`, this.secrets.ingestToken, event);
  }

  async endpointHealth(
    apiKey: string,
    endpointId: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await this.call('GET', `${this.urls.health}/v1/endpoints/${endpointId}/health`, apiKey);
    return response as { status: number; body: Record<string, unknown> };
  }

  async call(method: string, url: string, token: string | undefined, body?: unknown) {
    const response = await fetch(url, {
      method,
      headers: {
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }

  private async json<T>(
    method: string,
    url: string,
    token: string,
    body: unknown,
    expected: number,
  ): Promise<T> {
    const response = await this.call(method, url, token, body);
    if (response.status !== expected) {
      throw new Error(`${method} ${url} answered ${response.status}: ${JSON.stringify(response.body)}`);
    }
    return response.body as T;
  }
}

import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { AdminModule } from '../admin/admin.module';
import { EndpointsModule } from '../endpoints/endpoints.module';
import { EventTypesModule } from '../event-types/event-types.module';
import { QuotasModule } from '../quotas/quotas.module';
import { TenantsModule } from '../tenants/tenants.module';
import { TestEventsModule } from '../test-events/test-events.module';
import { VerificationModule } from '../verification/verification.module';

/** The public API's modules; probes and /metrics are operational, not part of the documented API. */
const DOCUMENTED_MODULES = [
  TenantsModule,
  EndpointsModule,
  VerificationModule,
  TestEventsModule,
  EventTypesModule,
  AdminModule,
  QuotasModule,
];

/**
 * The OpenAPI document, generated from the controllers and DTOs (so it cannot drift from the code). The
 * checked-in copy, docs/openapi/subscription.json, is compared with this by a test.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Hookline subscription API')
    .setDescription(
      'Tenants, API keys, endpoints, signing secrets and event types. Tenant routes take a tenant API key ' +
        '(`Authorization: Bearer hk_…`); operator routes take an operator token from configuration. ' +
        'Errors: 400 with `errors: [{field, message}]`, 401, 404 (also for another tenant’s ids), 409; a quota ' +
        'at its limit is 409 `QUOTA_EXCEEDED` (429 with `Retry-After` for a per-minute one), a key over its ' +
        'request rate 429 `RATE_LIMITED` with `Retry-After`.',
    )
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Tenant API key (hk_…)' }, 'tenant-key')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'Operator token' }, 'operator-token')
    .build();
  return SwaggerModule.createDocument(app, config, {
    include: DOCUMENTED_MODULES,
    operationIdFactory: (controllerKey, methodKey) =>
      `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}

/** `/openapi.json` (and `/openapi.yaml`), and a browsable `/docs`. */
export function serveOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}

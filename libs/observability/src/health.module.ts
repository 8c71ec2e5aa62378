import { Module, type DynamicModule, type FactoryProvider, type ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';
import { TracingShutdown } from './tracing-shutdown';

export interface HealthModuleOptions {
  imports?: ModuleMetadata['imports'];
  inject?: FactoryProvider['inject'];
  checks: (...dependencies: never[]) => ReadinessCheck[];
}

/**
 * `/healthz` and `/readyz` (terminus) with the readiness checks the service declares; every service has it,
 * so it also flushes the service's spans at shutdown.
 */
@Module({})
export class HealthModule {
  static register(options: HealthModuleOptions): DynamicModule {
    return {
      module: HealthModule,
      imports: [TerminusModule.forRoot({ logger: false }), ...(options.imports ?? [])],
      controllers: [HealthController],
      providers: [
        { provide: READINESS_CHECKS, useFactory: options.checks, inject: options.inject ?? [] },
        TracingShutdown,
      ],
    };
  }
}

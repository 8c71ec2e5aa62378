import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { HealthModule as ProbesModule, LoggingModule, MetricsModule } from '@hookline/observability';
import { CONSOLE_CONFIG, type ConsoleConfig } from './config/console.config';
import { ConsolePagesController } from './pages/console-pages.controller';

@Module({})
export class ConsoleModule {
  static forRoot(config: ConsoleConfig, logger: Logger): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [
        LoggingModule.forRoot(logger),
        MetricsModule,
        // Ready once listening: it holds no connection of its own; each service reports its own readiness.
        ProbesModule.register({ checks: () => [] }),
      ],
      controllers: [ConsolePagesController],
      providers: [{ provide: CONSOLE_CONFIG, useValue: config }],
    };
  }
}

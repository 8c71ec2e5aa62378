import { Controller, Get, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { READINESS_CHECKS, type ReadinessCheck } from './readiness-check';

@Controller()
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @Inject(READINESS_CHECKS) private readonly checks: ReadinessCheck[],
  ) {}

  /** Liveness: the process answers. Dependencies are deliberately not checked here. */
  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: Postgres and Kafka answer and the service's own start-up work is done. */
  @Get('readyz')
  @HealthCheck()
  ready() {
    return this.health.check(
      this.checks.map((readiness) => async () => {
        const { up, detail } = await readiness.check();
        const session = this.indicators.check(readiness.name);
        return up ? session.up(detail) : session.down(detail);
      }),
    );
  }
}

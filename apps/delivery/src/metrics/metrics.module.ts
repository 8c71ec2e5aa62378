import { Module } from '@nestjs/common';
import { AttemptLogModule } from '../attempt-log/attempt-log.module';
import { DispatchModule } from '../dispatch/dispatch.module';
import { DepthGauges } from './depth-gauges';

@Module({ imports: [DispatchModule, AttemptLogModule], providers: [DepthGauges] })
export class DeliveryMetricsModule {}

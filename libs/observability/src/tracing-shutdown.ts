import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from '@hookline/tracing';

/**
 * Exports the spans still buffered when the service stops. Application-shutdown hooks run after every
 * module's destroy hook, so the spans of the work consumers drained on the way down are included.
 */
@Injectable()
export class TracingShutdown implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return stopTracing();
  }
}

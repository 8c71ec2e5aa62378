import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { EgressClient } from '@hookline/egress';

/** Closes the keep-alive pools once the consumers have drained. */
@Injectable()
export class EgressLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EgressClient) private readonly egress: EgressClient) {}

  onApplicationShutdown(): Promise<void> {
    return this.egress.close();
  }
}

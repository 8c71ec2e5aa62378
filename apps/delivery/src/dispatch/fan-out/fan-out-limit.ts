import { Inject, Injectable } from '@nestjs/common';
import { Gauge, register } from 'prom-client';
import { DELIVERY_CONFIG, type DeliveryConfig } from '../../config/delivery.config';
import { ConcurrencyLimit, type ReleaseSlot } from './concurrency-limit';

function gauge(name: string, help: string, collect: () => number): void {
  if (register.getSingleMetric(name) !== undefined) register.removeSingleMetric(name);
  new Gauge({
    name,
    help,
    collect() {
      this.set(collect());
    },
  });
}

/**
 * The global cap on fan-out (`DELIVERY_GLOBAL_CONCURRENCY`): webhook attempts in flight at once in this process,
 * across every endpoint. Per-endpoint gates bound each receiver; this bounds their sum, so a burst of events
 * for many endpoints cannot open sockets and hold bodies without limit. An attempt beyond the cap waits up to
 * `DELIVERY_GLOBAL_MAX_QUEUE_WAIT_MS` for a slot and is then postponed to a retry tier, never dropped.
 */
@Injectable()
export class FanOutLimit {
  private readonly slots: ConcurrencyLimit;

  constructor(@Inject(DELIVERY_CONFIG) private readonly config: DeliveryConfig) {
    this.slots = new ConcurrencyLimit(config.globalConcurrency.limit);
    gauge(
      'hookline_delivery_in_flight_attempts',
      'Webhook attempts in flight in this process',
      () => this.active,
    );
    gauge(
      'hookline_delivery_in_flight_waiting',
      'Attempts waiting for a slot under the global cap (DELIVERY_GLOBAL_CONCURRENCY)',
      () => this.slots.waiting,
    );
    gauge(
      'hookline_delivery_in_flight_limit',
      'The global cap on attempts in flight in this process (DELIVERY_GLOBAL_CONCURRENCY)',
      () => this.slots.limit,
    );
  }

  get active(): number {
    return this.slots.active;
  }

  /** A slot for one attempt, or undefined when none freed within the configured wait. */
  acquire(): Promise<ReleaseSlot | undefined> {
    return this.slots.acquire(this.config.globalConcurrency.maxQueueWaitMs);
  }
}

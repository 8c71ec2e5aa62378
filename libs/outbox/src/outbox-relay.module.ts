import {
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import { KafkaPublisher } from '@hookline/kafka';
import { ROOT_LOGGER } from '@hookline/observability';
import { trackParkedRows } from './outbox-parking-metrics';
import { OutboxRelay, type OutboxRelayOptions } from './outbox-relay';

const RELAY_OPTIONS = Symbol('RELAY_OPTIONS');

/** Runs the service's outbox relay from application start until shutdown. */
@Injectable()
export class OutboxRelayService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly relay: OutboxRelay;
  private untrackParkedRows?: () => void;

  constructor(
    @Inject(DataSource) dataSource: DataSource,
    @Inject(KafkaPublisher) publisher: KafkaPublisher,
    @Inject(Kafka) kafka: Kafka,
    @Inject(RELAY_OPTIONS) private readonly options: OutboxRelayOptions,
    @Inject(ROOT_LOGGER) logger: Logger,
  ) {
    this.relay = new OutboxRelay(
      { dataSource, publisher, kafka, logger: logger.child({ component: 'outbox-relay' }) },
      options,
    );
  }

  onApplicationBootstrap(): Promise<void> {
    this.untrackParkedRows = trackParkedRows(this.options.schema, () => this.relay.parkedRows());
    return this.relay.start();
  }

  onApplicationShutdown(): Promise<void> {
    this.untrackParkedRows?.();
    return this.relay.stop();
  }
}

@Module({})
export class OutboxRelayModule {
  static register(options: OutboxRelayOptions): DynamicModule {
    return {
      module: OutboxRelayModule,
      providers: [{ provide: RELAY_OPTIONS, useValue: options }, OutboxRelayService],
      exports: [OutboxRelayService],
    };
  }
}

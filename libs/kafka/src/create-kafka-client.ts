import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import type { Logger } from 'pino';
import type { KafkaConnectionConfig } from '@hookline/config';
import { countKafkaRequests } from './kafka-request-metrics';

/** The one place a kafkajs client is built, so TLS, SASL and logging are the same everywhere. */
export function createKafkaClient(config: KafkaConnectionConfig, logger: Logger): Kafka {
  const kafkaLogger = logger.child({ component: 'kafkajs' });
  const kafka = new Kafka({
    clientId: config.clientId,
    brokers: config.brokers,
    ssl: config.ssl,
    sasl: config.sasl as SASLOptions | undefined,
    connectionTimeout: 5_000,
    requestTimeout: 30_000,
    retry: { initialRetryTime: 200, retries: 8 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        if (level <= logLevel.ERROR) kafkaLogger.error(extra, message);
        else if (level === logLevel.WARN) kafkaLogger.warn(extra, message);
        else kafkaLogger.debug(extra, message);
      },
  });
  return countKafkaRequests(kafka);
}

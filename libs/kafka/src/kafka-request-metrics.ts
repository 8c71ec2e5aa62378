import type { Consumer, Kafka, Producer } from 'kafkajs';
import { Counter, register, type Registry } from 'prom-client';

const REQUESTS_METRIC = 'hookline_kafka_requests_total';

type Labels = 'client' | 'api';

function requestCounter(registry: Registry): Counter<Labels> {
  const existing = registry.getSingleMetric(REQUESTS_METRIC);
  if (existing !== undefined) return existing as Counter<Labels>;
  return new Counter({
    name: REQUESTS_METRIC,
    help: 'Requests this process sent to Kafka brokers, by client kind and API (Fetch, Produce, OffsetCommit…)',
    labelNames: ['client', 'api'],
    registers: [registry],
  });
}

/**
 * Exports `hookline_kafka_requests_total{client,api}` for every consumer and producer `kafka` creates, from
 * kafkajs's own REQUEST instrumentation event (one per request answered, no extra round trip): how many
 * fetches an idle consumer makes per second, and how many round trips an event costs, can then be read
 * from /metrics (the platform bench does).
 */
export function countKafkaRequests(kafka: Kafka, registry: Registry = register): Kafka {
  const counter = requestCounter(registry);
  const createConsumer = kafka.consumer.bind(kafka);
  const createProducer = kafka.producer.bind(kafka);
  kafka.consumer = (config) => {
    const consumer: Consumer = createConsumer(config);
    consumer.on(consumer.events.REQUEST, ({ payload }) =>
      counter.inc({ client: 'consumer', api: payload.apiName }),
    );
    return consumer;
  };
  kafka.producer = (config) => {
    const producer: Producer = createProducer(config);
    producer.on(producer.events.REQUEST, ({ payload }) =>
      counter.inc({ client: 'producer', api: payload.apiName }),
    );
    return producer;
  };
  return kafka;
}

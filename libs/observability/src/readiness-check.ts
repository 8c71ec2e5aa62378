import type { Kafka, Admin } from 'kafkajs';
import type { DataSource } from 'typeorm';

export interface ReadinessCheck {
  name: string;
  check(): Promise<{ up: boolean; detail?: Record<string, unknown> }>;
}

export const READINESS_CHECKS = Symbol('READINESS_CHECKS');

export function databaseReadiness(dataSource: DataSource): ReadinessCheck {
  return {
    name: 'postgres',
    check: async () => {
      try {
        await dataSource.query('SELECT 1');
        return { up: true };
      } catch (error) {
        return { up: false, detail: { message: (error as Error).message } };
      }
    },
  };
}

/** Asks the cluster for its metadata over one long-lived admin connection. */
export function kafkaReadiness(kafka: Kafka): ReadinessCheck {
  let admin: Admin | undefined;
  return {
    name: 'kafka',
    check: async () => {
      try {
        if (admin === undefined) {
          admin = kafka.admin();
          await admin.connect();
        }
        const cluster = await admin.describeCluster();
        return { up: true, detail: { brokers: cluster.brokers.length } };
      } catch (error) {
        admin = undefined;
        return { up: false, detail: { message: (error as Error).message } };
      }
    },
  };
}

export function flagReadiness(name: string, isReady: () => boolean): ReadinessCheck {
  return { name, check: () => Promise.resolve({ up: isReady() }) };
}

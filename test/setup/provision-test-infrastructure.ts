import { provisionInfrastructure, type Infrastructure } from '../../tools/infra/provision-infrastructure';

const holder = globalThis as typeof globalThis & { hooklineTestInfrastructure?: Infrastructure };

/**
 * Jest global setup for the integration and end-to-end levels: the configured Kafka and Postgres, else
 * testcontainers when Docker runs, else the local broker from Maven jars and the local Postgres. The
 * addresses reach test workers through the environment.
 */
export default async function provisionTestInfrastructure(): Promise<void> {
  if (holder.hooklineTestInfrastructure !== undefined) return;
  const infrastructure = await provisionInfrastructure('test');
  holder.hooklineTestInfrastructure = infrastructure;
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.DATABASE_URL = infrastructure.databaseUrl;
  process.stderr.write(`\n${infrastructure.describe.map((line) => `  ${line}`).join('\n')}\n`);
}

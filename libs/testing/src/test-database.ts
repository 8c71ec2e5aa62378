import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, empty database on the test Postgres, so suites never see each other's rows. */
export async function createTestDatabase(serverUrl = testDatabaseServerUrl()): Promise<TestDatabase> {
  const name = `hookline_t_${randomBytes(6).toString('hex')}`;
  await withClient(serverUrl, (client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}

export function testDatabaseServerUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined) throw new Error('DATABASE_URL is not set: run tests through jest (global setup)');
  return url;
}

export function testKafkaBrokers(): string {
  const brokers = process.env.KAFKA_BROKERS;
  if (brokers === undefined)
    throw new Error('KAFKA_BROKERS is not set: run tests through jest (global setup)');
  return brokers;
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

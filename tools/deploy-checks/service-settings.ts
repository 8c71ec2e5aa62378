import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { getMetadataStorage, validateSync } from 'class-validator';
import { ConsoleEnv } from '../../apps/console/src/config/console.config';
import { DeliveryEnv } from '../../apps/delivery/src/config/delivery.config';
import { HealthEnv } from '../../apps/health/src/config/health.config';
import { ProducerEnv } from '../../apps/producer/src/config/producer.config';
import { SubscriptionEnv } from '../../apps/subscription/src/config/subscription.config';
import { CreateTopicsEnv } from '../create-topics-env';
import { MigrateEnv } from '../migrate-env';

/** A process the deployment runs and the env class it validates its settings with. */
export interface SettingsReader {
  name: string;
  schema: ClassConstructor<object>;
  /** Settings the class declares that do not apply to this process (a tool serves no HTTP). */
  notApplicable?: string[];
}

/** The four services that hold Kafka and Postgres connections (and read DATABASE_URL). */
export const BACKEND_SERVICES: (SettingsReader & { port: number })[] = [
  { name: 'producer', schema: ProducerEnv, port: 3001 },
  { name: 'subscription', schema: SubscriptionEnv, port: 3002 },
  { name: 'delivery', schema: DeliveryEnv, port: 3003 },
  { name: 'health', schema: HealthEnv, port: 3004 },
];

/** Every long-running process the deployment runs: the four services and the console (front door). */
export const SERVICES: (SettingsReader & { port: number })[] = [
  ...BACKEND_SERVICES,
  { name: 'console', schema: ConsoleEnv, port: 8080 },
];

/** The one-shot tools (tools/migrate.ts, tools/create-topics.ts): the common settings and a few of their own. */
export const TOOLS: SettingsReader[] = [
  { name: 'migrate', schema: MigrateEnv, notApplicable: ['HOST', 'PORT'] },
  { name: 'topics', schema: CreateTopicsEnv, notApplicable: ['HOST', 'PORT'] },
];

/** Every environment variable a config class reads: the properties class-validator knows, inherited included. */
export function settingsOf(schema: ClassConstructor<object>): string[] {
  const names = getMetadataStorage()
    .getTargetValidationMetadatas(schema, '', true, false)
    .map((metadata) => metadata.propertyName);
  return [...new Set(names)].sort();
}

/** Settings without a default: validating an empty environment names exactly those. */
export function requiredWithoutDefault(schema: ClassConstructor<object>): string[] {
  const blank = plainToInstance(schema, {}, { exposeDefaultValues: true });
  return validateSync(blank, { forbidUnknownValues: true })
    .map((error) => error.property)
    .sort();
}

/** The default of each setting, as the class declares it (undefined when it has none). */
export function defaultsOf(schema: ClassConstructor<object>): Record<string, unknown> {
  return { ...(new schema() as Record<string, unknown>) };
}

import 'reflect-metadata';
import { plainToInstance, type ClassConstructor } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates the environment once, at boot, into a typed object. Services read configuration only through
 * what this returns; nothing else in the code reads `process.env`.
 */
export function loadEnv<T extends object>(
  schema: ClassConstructor<T>,
  env: NodeJS.ProcessEnv = process.env,
): T {
  const defaults = new schema() as Record<string, unknown>;
  const present = Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined && value !== '')
      // A setting whose default is a number is parsed as one. Reflected types are not relied on: they are
      // `Object` for properties whose type is inferred from their initialiser.
      .map(([key, value]) => [key, typeof defaults[key] === 'number' ? Number(value) : value]),
  );
  const instance = plainToInstance(schema, present, { exposeDefaultValues: true });
  const errors = validateSync(instance, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new ConfigError(errors.flatMap(describeError));
  return instance;
}

/** Constraint messages said once for every setting of that kind, rather than per decorator. */
const MESSAGES: Record<string, string> = {
  isBoolean: 'must be true or false (1/0, yes/no and on/off are accepted too)',
};

function describeError(error: ValidationError): string[] {
  // Never echo the value: configuration holds secrets.
  return Object.entries(error.constraints ?? {}).map(
    ([constraint, message]) => `${error.property}: ${MESSAGES[constraint] ?? message}`,
  );
}

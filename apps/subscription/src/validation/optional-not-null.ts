import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it is validated: unlike `@IsOptional()`, an explicit `null`
 * is refused (for fields where null means nothing).
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

/** One thing wrong with one field, in the shape every 400 response and dead-letter reason uses. */
export interface FieldError {
  field: string;
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

export function describeFieldErrors(errors: FieldError[]): string {
  return errors.map((error) => `${error.field}: ${error.message}`).join('; ');
}

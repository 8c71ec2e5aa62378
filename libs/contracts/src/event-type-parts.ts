export interface EventTypeParts {
  entity: string;
  action: string;
}

/** Splits `conversation.deleted` into entity `conversation` and action `deleted` (last dot wins). */
export function eventTypeParts(type: string): EventTypeParts {
  const lastDot = type.lastIndexOf('.');
  return { entity: type.slice(0, lastDot), action: type.slice(lastDot + 1) };
}

/** The endpoint settings a tenant edits. */
export interface EditableEndpointFields {
  url: string;
  description: string;
  eventTypes: string[];
  entityTypes: string[];
  headers: Record<string, string>;
  rateLimitPerSecond: number | null;
}

export type EndpointChanges = Partial<EditableEndpointFields>;

export interface VerificationReset {
  verificationStatus: 'unverified';
  verificationCheckedAt: null;
  verificationError: null;
}

export interface EndpointUpdatePlan {
  patch: Partial<EditableEndpointFields> & Partial<VerificationReset>;
  /** Names of the settings that really changed; empty means the request changes nothing. */
  changedFields: Array<keyof EditableEndpointFields>;
}

const FIELDS: Array<keyof EditableEndpointFields> = [
  'url',
  'description',
  'eventTypes',
  'entityTypes',
  'headers',
  'rateLimitPerSecond',
];

/**
 * Only what differs goes into the patch, so a request that repeats the current settings is no change at all:
 * no new version, no record, no `endpoint.updated`. A new URL has not been verified.
 */
export function planEndpointUpdate(
  current: EditableEndpointFields,
  changes: EndpointChanges,
): EndpointUpdatePlan {
  const patch: EndpointUpdatePlan['patch'] = {};
  const changedFields: EndpointUpdatePlan['changedFields'] = [];
  for (const field of FIELDS) {
    const next = changes[field];
    if (next === undefined || sameValue(current[field], next)) continue;
    Object.assign(patch, { [field]: next });
    changedFields.push(field);
  }
  if (changedFields.includes('url')) {
    Object.assign(patch, {
      verificationStatus: 'unverified',
      verificationCheckedAt: null,
      verificationError: null,
    });
  }
  return { patch, changedFields };
}

/** Filter lists keep their first occurrence of each entry. */
export function uniqueEntries(values: string[]): string[] {
  return [...new Set(values)];
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a)) {
    return JSON.stringify(sortedEntries(a)) === JSON.stringify(sortedEntries(b));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

function sortedEntries(value: object): Array<[string, unknown]> {
  return Object.entries(value).sort(([x], [y]) => x.localeCompare(y));
}

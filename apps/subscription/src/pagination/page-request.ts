import { SubscriptionError } from '../errors/subscription.error';
import { decodeCursor, type PagePosition } from './domain/page-cursor';

export const DEFAULT_PAGE_SIZE = 50;

export interface PageRequest {
  after?: PagePosition;
  limit: number;
}

/** The validated page a list route asked for; a cursor this API did not issue is a 400 on `cursor`. */
export function pageRequest(query: { limit?: number; cursor?: string }): PageRequest {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  if (query.cursor === undefined) return { limit };
  const decoded = decodeCursor(query.cursor);
  if (!decoded.ok) throw SubscriptionError.invalidInput(decoded.errors);
  return { after: decoded.value, limit };
}

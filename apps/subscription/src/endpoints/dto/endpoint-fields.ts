/** `conversation.deleted`, `conversation.*` or `*`. */
export const EVENT_TYPE_FILTER = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;
export const EVENT_TYPE_FILTER_MESSAGE = 'each event type must be a type, "entity.*" or "*"';
export const ENTITY_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$/;
export const ENTITY_TYPE_MESSAGE = 'each entity type must be lowercase, e.g. "conversation"';
export const MAX_URL_LENGTH = 2048;

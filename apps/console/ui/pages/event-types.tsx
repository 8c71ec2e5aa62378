import type { EventType, Page } from '../api-types';
import { Empty, ErrorBox, Loading } from '../components/status';
import { useApi } from '../use-api';

export function EventTypes() {
  const types = useApi<Page<EventType>>('/v1/event-types?limit=100');
  return (
    <section aria-labelledby="types-title">
      <h1 id="types-title">Event types</h1>
      <ErrorBox error={types.error} title="Could not list event types" />
      {types.data === undefined && types.error === undefined && <Loading />}
      {types.data?.data.length === 0 && (
        <Empty>
          No event types registered. Register one with POST /v1/event-types to check payloads against a
          schema.
        </Empty>
      )}
      {types.data?.data.map((type) => (
        <details key={type.type}>
          <summary>
            <code>{type.type}</code>{' '}
            {type.description !== undefined && <span class="muted">{type.description}</span>}
          </summary>
          <pre>{JSON.stringify(type.schema ?? type, null, 2)}</pre>
        </details>
      ))}
    </section>
  );
}

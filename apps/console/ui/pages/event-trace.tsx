import { useState } from 'preact/hooks';
import type { EventTrace as Trace } from '../api-types';
import { Empty, ErrorBox, Loading, When } from '../components/status';
import { href } from '../hash-route';
import { useApi } from '../use-api';

/** Search an event by id: where it was matched, where not and why, and each attempt (health's trace). */
export function EventTrace({ eventId }: { eventId: string | undefined }) {
  const [value, setValue] = useState(eventId ?? '');
  return (
    <section aria-labelledby="trace-title">
      <h1 id="trace-title">Event trace</h1>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          location.hash = href('events', value.trim());
        }}
      >
        <label for="event-id">Event id</label>
        <input id="event-id" value={value} onInput={(e) => setValue(e.currentTarget.value)} required />
        <button type="submit">Trace</button>
      </form>
      {eventId !== undefined && <TraceResult eventId={eventId} />}
    </section>
  );
}

function TraceResult({ eventId }: { eventId: string }) {
  const trace = useApi<Trace>(`/v1/events/${encodeURIComponent(eventId)}/trace`);
  if (trace.error !== undefined) return <ErrorBox error={trace.error} title={`No trace of ${eventId}`} />;
  if (trace.data === undefined) return <Loading />;
  const { deliveries, notMatched } = trace.data;
  return (
    <div class="trace">
      <p class="notice" role="status">
        <strong>{trace.data.status}</strong>: {trace.data.summary}
      </p>
      <h2>Matched ({deliveries.length})</h2>
      {deliveries.length === 0 && <Empty>No endpoint matched this event.</Empty>}
      {deliveries.map((delivery) => (
        <details key={delivery.endpointId} open>
          <summary>
            <a href={href('endpoints', delivery.endpointId)}>{delivery.endpointId}</a>: {delivery.status}.{' '}
            {delivery.explanation}
          </summary>
          <ol>
            {delivery.attempts.map((attempt) => (
              <li key={attempt.attempt}>
                <When at={attempt.startedAt} /> #{attempt.attempt} ({attempt.trigger}):{' '}
                <span class={`result result-${attempt.result}`}>
                  {attempt.statusCode ?? attempt.errorClass ?? attempt.result}
                </span>{' '}
                in {attempt.durationMs} ms{' '}
                {attempt.errorMessage !== null && <span class="muted">{attempt.errorMessage}</span>}
              </li>
            ))}
          </ol>
        </details>
      ))}
      <h2>Not matched ({notMatched.length})</h2>
      {notMatched.length === 0 && <Empty>No endpoint of this tenant skipped it.</Empty>}
      <ul>
        {notMatched.map((skip) => (
          <li key={skip.endpointId}>
            <a href={href('endpoints', skip.endpointId)}>{skip.endpointId}</a>: <code>{skip.reason}</code>{' '}
            {skip.explanation}
          </li>
        ))}
      </ul>
    </div>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { callApi, query } from '../api-client';
import type { Attempt, Page } from '../api-types';
import { Empty, ErrorBox, Loading, When } from '../components/status';
import { useAction, useApi } from '../use-api';

const PAGE_SIZE = 50;

const resend = (token: string, attempt: Attempt) =>
  callApi<{ eventId: string }>(
    token,
    'POST',
    `/v1/events/${encodeURIComponent(attempt.eventId)}/endpoints/${encodeURIComponent(attempt.endpointId)}/resend`,
  );

/** An endpoint's attempts, newest first, with the status, duration and the start of the response. */
export function AttemptsTable({ endpointId, refresh }: { endpointId: string; refresh: number }) {
  const [cursor, setCursor] = useState<string | undefined>();
  const attempts = useApi<Page<Attempt>>(`/v1/attempts${query({ endpointId, limit: PAGE_SIZE, cursor })}`);
  const { reload } = attempts;
  // Another part of the page (a test event, a recovery) asked for fresh attempts.
  useEffect(() => {
    if (refresh > 0) reload();
  }, [refresh, reload]);
  const resending = useAction(resend);

  return (
    <section aria-labelledby="attempts-title">
      <h2 id="attempts-title">
        Attempts{' '}
        <button type="button" class="secondary" onClick={attempts.reload}>
          Refresh
        </button>
      </h2>
      <ErrorBox error={attempts.error} title="Could not list attempts" />
      <ErrorBox error={resending.error} title="Resend failed" />
      {resending.result !== undefined && (
        <p class="notice" role="status">
          Resend of {resending.result.eventId} queued.
        </p>
      )}
      {attempts.data === undefined && attempts.error === undefined && <Loading />}
      {attempts.data !== undefined && attempts.data.data.length === 0 && (
        <Empty>No attempts yet. Send a test event to see one here.</Empty>
      )}
      {attempts.data !== undefined && attempts.data.data.length > 0 && (
        <table class="attempts">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Event</th>
              <th scope="col">Result</th>
              <th scope="col">Duration</th>
              <th scope="col">Response</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {attempts.data.data.map((attempt) => (
              <tr key={attempt.id} class={`attempt attempt-${attempt.result}`}>
                <td data-label="When">
                  <When at={attempt.startedAt} />
                  <div class="muted small">
                    #{attempt.attempt} · {attempt.trigger}
                  </div>
                </td>
                <td data-label="Event">
                  <code>{attempt.eventId}</code>
                  <div class="muted small">{attempt.eventType}</div>
                </td>
                <td data-label="Result">
                  <span class={`result result-${attempt.result}`}>
                    {attempt.statusCode ?? attempt.errorClass ?? attempt.result}
                  </span>{' '}
                  {attempt.result}
                  {attempt.exhausted && <span class="muted small"> (no more retries)</span>}
                </td>
                <td data-label="Duration">{attempt.durationMs} ms</td>
                <td data-label="Response">
                  <code class="excerpt">
                    {(attempt.responseBody ?? attempt.errorMessage ?? '').slice(0, 200)}
                  </code>
                </td>
                <td data-label="Action">
                  <button
                    type="button"
                    disabled={resending.busy}
                    onClick={() => void resending.start(attempt)}
                  >
                    Resend
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {attempts.data?.nextCursor != null && (
        <button type="button" onClick={() => setCursor(attempts.data?.nextCursor ?? undefined)}>
          Older attempts
        </button>
      )}
    </section>
  );
}

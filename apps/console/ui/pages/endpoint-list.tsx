import { useEffect, useState } from 'preact/hooks';
import { ApiError, callApi, query } from '../api-client';
import type { Endpoint, EndpointHealth, EndpointState, Page } from '../api-types';
import { Empty, ErrorBox, Loading, StateBadge, When } from '../components/status';
import { WindowChart } from '../components/window-chart';
import { href } from '../hash-route';
import { useSession } from '../session';
import { useApi } from '../use-api';

/** Endpoints per page: each needs its own health call for the windows, so the page stays small. */
const PAGE_SIZE = 25;

/** Failing and disabled endpoints first: they are the ones someone should look at. */
const STATE_ORDER: Record<EndpointState | 'unknown', number> = {
  failing: 0,
  disabled: 1,
  degraded: 2,
  unknown: 3,
  healthy: 4,
};

interface Row {
  endpoint: Endpoint;
  health?: EndpointHealth;
}

function rank(row: Row): number {
  if (!row.endpoint.enabled) return STATE_ORDER.disabled;
  return STATE_ORDER[row.health?.state ?? 'unknown'];
}

export function EndpointList() {
  const { session } = useSession();
  const [cursor, setCursor] = useState<string | undefined>();
  const page = useApi<Page<Endpoint>>(`/v1/endpoints${query({ limit: PAGE_SIZE, cursor })}`);
  const [health, setHealth] = useState<Record<string, EndpointHealth | undefined>>({});
  const [healthError, setHealthError] = useState<Error>();

  useEffect(() => {
    if (page.data === undefined) return;
    let current = true;
    Promise.all(
      page.data.data.map((endpoint) =>
        callApi<EndpointHealth>(
          session.token,
          'GET',
          `/v1/endpoints/${encodeURIComponent(endpoint.id)}/health`,
        ).then(
          (record) => [endpoint.id, record] as const,
          // No attempt yet: the health service has no record of the endpoint.
          (error: Error) => {
            if (error instanceof ApiError && error.status === 404) return [endpoint.id, undefined] as const;
            throw error;
          },
        ),
      ),
    ).then(
      (entries) => current && setHealth(Object.fromEntries(entries)),
      (error: Error) => current && setHealthError(error),
    );
    return () => {
      current = false;
    };
  }, [page.data, session.token]);

  if (page.error !== undefined) return <ErrorBox error={page.error} title="Could not list endpoints" />;
  if (page.data === undefined) return <Loading />;
  const rows: Row[] = page.data.data
    .map((endpoint) => ({ endpoint, health: health[endpoint.id] }))
    .sort((a, b) => rank(a) - rank(b));

  return (
    <section aria-labelledby="endpoints-title">
      <h1 id="endpoints-title">Endpoints</h1>
      <ErrorBox error={healthError} title="Could not load health" />
      {rows.length === 0 ? (
        <Empty>No endpoints yet. Create one with POST /v1/endpoints; it appears here with its health.</Empty>
      ) : (
        <table class="endpoints">
          <thead>
            <tr>
              <th scope="col">Endpoint</th>
              <th scope="col">State</th>
              <th scope="col">Last success</th>
              <th scope="col">Success rate and p95 latency (1 h / 24 h / 7 d)</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ endpoint, health: record }) => (
              <tr key={endpoint.id} data-endpoint-id={endpoint.id}>
                <td data-label="Endpoint">
                  <a href={href('endpoints', endpoint.id)}>{endpoint.url}</a>
                  <div class="muted small">{endpoint.id}</div>
                </td>
                <td data-label="State">
                  <StateBadge state={endpoint.enabled ? record?.state : 'disabled'} />
                </td>
                <td data-label="Last success">
                  <When at={record?.lastSuccessAt ?? null} />
                </td>
                <td data-label="Windows">
                  <WindowChart windows={record?.windows} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav class="pager" aria-label="Pages">
        {cursor !== undefined && (
          <button type="button" onClick={() => setCursor(undefined)}>
            First page
          </button>
        )}
        {page.data.nextCursor !== null && (
          <button type="button" onClick={() => setCursor(page.data?.nextCursor ?? undefined)}>
            Next page
          </button>
        )}
      </nav>
    </section>
  );
}

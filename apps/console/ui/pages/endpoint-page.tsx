import { useEffect, useState } from 'preact/hooks';
import type { Endpoint, EndpointHealth } from '../api-types';
import { ErrorBox, Loading, StateBadge, When } from '../components/status';
import { WindowChart } from '../components/window-chart';
import { href } from '../hash-route';
import { useApi } from '../use-api';
import { AttemptsTable } from './attempts-table';
import { RecoverAndReplay, SecretAndVerification, SendTestEvent } from './endpoint-actions';

/** How often an open endpoint page fetches its health and attempts again. */
const AUTO_REFRESH_MS = 15_000;

export function EndpointPage({ endpointId }: { endpointId: string }) {
  const base = `/v1/endpoints/${encodeURIComponent(endpointId)}`;
  const endpoint = useApi<Endpoint>(base);
  const health = useApi<EndpointHealth>(`${base}/health`);
  const [refresh, setRefresh] = useState(0);
  const refreshAll = () => {
    setRefresh((value) => value + 1);
    health.reload();
    endpoint.reload();
  };
  // Deliveries keep happening while the page is open: fresh health and attempts while the tab is visible.
  const reloadHealth = health.reload;
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      setRefresh((value) => value + 1);
      reloadHealth();
    }, AUTO_REFRESH_MS);
    return () => clearInterval(timer);
  }, [reloadHealth]);

  if (endpoint.error !== undefined)
    return <ErrorBox error={endpoint.error} title="Could not load the endpoint" />;
  if (endpoint.data === undefined) return <Loading />;
  const record = health.data;
  const healthMissing = (health.error as { status?: number } | undefined)?.status === 404;
  const { verification } = endpoint.data;
  return (
    <article aria-labelledby="endpoint-title">
      <p>
        <a href={href('endpoints')}>← All endpoints</a>
      </p>
      <h1 id="endpoint-title">{endpoint.data.url}</h1>
      <dl class="facts">
        <dt>Id</dt>
        <dd>
          <code>{endpoint.data.id}</code>
        </dd>
        <dt>State</dt>
        <dd>
          <StateBadge state={endpoint.data.enabled ? record?.state : 'disabled'} />
          {endpoint.data.disabledReason !== null && (
            <span class="muted"> {endpoint.data.disabledReason}</span>
          )}
        </dd>
        <dt>Last success</dt>
        <dd>
          <When at={record?.lastSuccessAt ?? null} />
        </dd>
        <dt>Last failure</dt>
        <dd>
          <When at={record?.lastFailureAt ?? null} />
          {record?.lastError != null && <span class="muted"> {record.lastError}</span>}
        </dd>
        <dt>Event types</dt>
        <dd>{endpoint.data.eventTypes.length === 0 ? 'all' : endpoint.data.eventTypes.join(', ')}</dd>
        <dt>Verification</dt>
        <dd>
          <span class={`verification verification-${verification.status}`}>{verification.status}</span>
          {verification.error !== null && <span class="muted"> {verification.error}</span>}
        </dd>
      </dl>
      <section aria-labelledby="health-title">
        <h2 id="health-title">Health</h2>
        {healthMissing ? (
          <p class="empty">No attempts yet: health appears after the first delivery.</p>
        ) : (
          <>
            <ErrorBox error={health.error} title="Could not load health" />
            {record !== undefined && <WindowChart windows={record.windows} />}
            {record !== undefined && record.decisions.length > 0 && (
              <ul class="decisions">
                {record.decisions.map((decision) => (
                  <li key={decision.decisionId}>
                    <When at={decision.decidedAt} /> {decision.decision}: {decision.reason}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </section>
      <section class="actions" aria-label="Actions">
        <SendTestEvent endpointId={endpointId} onSent={refreshAll} />
        <SecretAndVerification endpointId={endpointId} onVerified={refreshAll} />
        <RecoverAndReplay endpointId={endpointId} onDone={refreshAll} />
      </section>
      <AttemptsTable endpointId={endpointId} refresh={refresh} />
    </article>
  );
}

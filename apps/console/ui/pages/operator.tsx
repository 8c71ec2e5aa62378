import { useState } from 'preact/hooks';
import { ErrorBox, Loading } from '../components/status';
import type { Tenant } from '../api-types';
import { useApi } from '../use-api';

/** Operator view: look a tenant up with its keys and quotas (the subscription service's operator API). */
export function OperatorTenants({ grafanaUrl }: { grafanaUrl: string | null }) {
  const [tenantId, setTenantId] = useState('');
  const [shown, setShown] = useState<string>();
  return (
    <section aria-labelledby="tenants-title">
      <h1 id="tenants-title">Tenants</h1>
      {grafanaUrl !== null && (
        <p>
          Platform health (consumer lag, dead-letter depth, delivery rate):{' '}
          <a href={grafanaUrl} target="_blank" rel="noopener noreferrer">
            Grafana dashboard
          </a>
        </p>
      )}
      <form
        class="search"
        onSubmit={(event) => {
          event.preventDefault();
          setShown(tenantId.trim());
        }}
      >
        <label for="tenant-id">Tenant id</label>
        <input id="tenant-id" value={tenantId} onInput={(e) => setTenantId(e.currentTarget.value)} required />
        <button type="submit">Show tenant</button>
      </form>
      {shown !== undefined && <TenantDetails tenantId={shown} />}
    </section>
  );
}

function TenantDetails({ tenantId }: { tenantId: string }) {
  const tenant = useApi<Tenant>(`/v1/tenants/${encodeURIComponent(tenantId)}`);
  const quotas = useApi<Record<string, unknown>>(`/v1/tenants/${encodeURIComponent(tenantId)}/quotas`);
  if (tenant.error !== undefined) return <ErrorBox error={tenant.error} title={`No tenant ${tenantId}`} />;
  if (tenant.data === undefined) return <Loading />;
  return (
    <div class="tenant">
      <h2>{tenant.data.name}</h2>
      <pre>{JSON.stringify(tenant.data, null, 2)}</pre>
      <h3>Quotas</h3>
      <ErrorBox error={quotas.error} title="Could not load quotas" />
      {quotas.data !== undefined && <pre>{JSON.stringify(quotas.data, null, 2)}</pre>}
    </div>
  );
}

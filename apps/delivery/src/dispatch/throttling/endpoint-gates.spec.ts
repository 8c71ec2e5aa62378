import type { EndpointRecord } from '@hookline/contracts';
import type { EndpointChange, SubscriptionReplica } from '@hookline/subscription-state';
import { loadDeliveryConfig } from '../../config/delivery.config';
import { EndpointGates } from './endpoint-gates';

const config = loadDeliveryConfig({
  SECRET_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
  DELIVERY_CIRCUIT_FAILURE_THRESHOLD: '2',
  DELIVERY_CIRCUIT_OPEN_MS: '60000',
});

const endpoint = (overrides: Partial<EndpointRecord> = {}): EndpointRecord =>
  ({
    id: 'ep_1',
    tenantId: 't1',
    url: 'https://example.com/a',
    enabled: true,
    rateLimitPerSecond: null,
    version: 1,
    ...overrides,
  }) as EndpointRecord;

/** Stands in for the replica's change feed, which the subscriptions topic drives in production. */
function setUp() {
  let emit: (change: EndpointChange) => void = () => undefined;
  const replica = {
    onEndpointChange: (listener: (change: EndpointChange) => void) => (emit = listener),
  } as unknown as SubscriptionReplica;
  return { gates: new EndpointGates(config, replica), emit: (change: EndpointChange) => emit(change) };
}

async function openCircuit(gates: EndpointGates, record: EndpointRecord): Promise<void> {
  for (let i = 0; i < config.circuit.failureThreshold; i++) {
    const admission = await gates.gateFor(record).acquire();
    if (admission.kind !== 'admitted') throw new Error(`expected an admission, got ${admission.kind}`);
    admission.release('failing');
  }
  expect((await gates.gateFor(record).acquire()).kind).toBe('circuit-open');
}

describe('EndpointGates', () => {
  it('closes the circuit at once when the endpoint is re-enabled', async () => {
    const { gates, emit } = setUp();
    const v1 = endpoint();
    await openCircuit(gates, v1);
    const disabled = endpoint({ enabled: false, version: 2 });
    emit({ endpointId: 'ep_1', before: v1, after: disabled });
    const enabled = endpoint({ version: 3 });
    emit({ endpointId: 'ep_1', before: disabled, after: enabled });
    expect((await gates.gateFor(enabled).acquire()).kind).toBe('admitted');
  });

  it('closes the circuit at once when the URL (or any setting) changes', async () => {
    const { gates, emit } = setUp();
    const v1 = endpoint();
    await openCircuit(gates, v1);
    const moved = endpoint({ url: 'https://example.com/b', version: 2 });
    emit({ endpointId: 'ep_1', before: v1, after: moved });
    expect((await gates.gateFor(moved).acquire()).kind).toBe('admitted');
  });

  it('keeps the circuit open when the same version is republished', async () => {
    const { gates, emit } = setUp();
    const v1 = endpoint();
    await openCircuit(gates, v1);
    emit({ endpointId: 'ep_1', before: v1, after: { ...v1 } });
    expect((await gates.gateFor(v1).acquire()).kind).toBe('circuit-open');
  });
});

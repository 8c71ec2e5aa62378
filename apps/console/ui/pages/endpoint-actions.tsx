import { useState } from 'preact/hooks';
import { callApi } from '../api-client';
import { ErrorBox } from '../components/status';
import { useAction } from '../use-api';

const path = (endpointId: string, rest: string) => `/v1/endpoints/${encodeURIComponent(endpointId)}${rest}`;

const sendTest = (token: string, endpointId: string, eventType: string) =>
  callApi<{ eventId: string }>(token, 'POST', path(endpointId, '/test'), { eventType });
const recover = (token: string, endpointId: string, since: string) =>
  callApi<Record<string, unknown>>(
    token,
    'POST',
    path(endpointId, '/recover'),
    since === '' ? {} : { since: toIso(since) },
  );
const replay = (token: string, endpointId: string, since: string, until: string) =>
  callApi<Record<string, unknown>>(token, 'POST', path(endpointId, '/replay'), {
    since: toIso(since),
    ...(until === '' ? {} : { until: toIso(until) }),
  });
const revealSecret = (token: string, endpointId: string) =>
  callApi<{ secret: string }>(token, 'GET', path(endpointId, '/secret'));
const rotateSecret = (token: string, endpointId: string) =>
  callApi<{ secret: string; previousSecretExpiresAt: string | null }>(
    token,
    'POST',
    path(endpointId, '/secret/rotate'),
    {},
  );
const verify = (token: string, endpointId: string) =>
  callApi<Record<string, unknown>>(token, 'POST', path(endpointId, '/verify'));

/** `<input type="datetime-local">` gives local time without a zone; the APIs take RFC 3339. */
function toIso(local: string): string {
  const parsed = new Date(local);
  return Number.isNaN(parsed.getTime()) ? local : parsed.toISOString();
}

export function SendTestEvent({ endpointId, onSent }: { endpointId: string; onSent: () => void }) {
  const [eventType, setEventType] = useState('test.ping');
  const action = useAction(sendTest);
  return (
    <form
      class="action"
      onSubmit={(event) => {
        event.preventDefault();
        void action.start(endpointId, eventType).then(onSent);
      }}
    >
      <h3>Send a test event</h3>
      <label for="test-event-type">Event type</label>
      <input
        id="test-event-type"
        value={eventType}
        onInput={(e) => setEventType(e.currentTarget.value)}
        required
      />
      <button type="submit" disabled={action.busy}>
        Send test event
      </button>
      <ErrorBox error={action.error} title="Not sent" />
      {action.result !== undefined && (
        <p class="notice" role="status">
          Sent <code>{action.result.eventId}</code>; its attempt appears below.
        </p>
      )}
    </form>
  );
}

export function RecoverAndReplay({ endpointId, onDone }: { endpointId: string; onDone: () => void }) {
  const [recoverSince, setRecoverSince] = useState('');
  const [since, setSince] = useState('');
  const [until, setUntil] = useState('');
  const recovering = useAction(recover);
  const replaying = useAction(replay);
  return (
    <div class="actions-pair">
      <form
        class="action"
        onSubmit={(event) => {
          event.preventDefault();
          void recovering.start(endpointId, recoverSince).then(onDone);
        }}
      >
        <h3>Recover dead letters</h3>
        <label for="recover-since">Dead-lettered since (optional)</label>
        <input
          id="recover-since"
          type="datetime-local"
          value={recoverSince}
          onInput={(e) => setRecoverSince(e.currentTarget.value)}
        />
        <button type="submit" disabled={recovering.busy}>
          Recover
        </button>
        <ErrorBox error={recovering.error} title="Not recovered" />
        {recovering.result !== undefined && <Result value={recovering.result} />}
      </form>
      <form
        class="action"
        onSubmit={(event) => {
          event.preventDefault();
          void replaying.start(endpointId, since, until).then(onDone);
        }}
      >
        <h3>Replay a time range</h3>
        <label for="replay-since">From</label>
        <input
          id="replay-since"
          type="datetime-local"
          required
          value={since}
          onInput={(e) => setSince(e.currentTarget.value)}
        />
        <label for="replay-until">Until (optional, now when empty)</label>
        <input
          id="replay-until"
          type="datetime-local"
          value={until}
          onInput={(e) => setUntil(e.currentTarget.value)}
        />
        <button type="submit" disabled={replaying.busy}>
          Replay
        </button>
        <ErrorBox error={replaying.error} title="Not replayed" />
        {replaying.result !== undefined && <Result value={replaying.result} />}
      </form>
    </div>
  );
}

export function SecretAndVerification({
  endpointId,
  onVerified,
}: {
  endpointId: string;
  onVerified: () => void;
}) {
  const revealing = useAction(revealSecret);
  const rotating = useAction(rotateSecret);
  const verifying = useAction(verify);
  const [hidden, setHidden] = useState(true);
  const secret = rotating.result?.secret ?? revealing.result?.secret;
  return (
    <div class="action">
      <h3>Signing secret</h3>
      {secret !== undefined && !hidden ? (
        <p>
          <code class="secret">{secret}</code>{' '}
          <button type="button" class="secondary" onClick={() => setHidden(true)}>
            Hide
          </button>
        </p>
      ) : (
        <p class="muted">Hidden. Reveal it to configure your receiver; it is never stored by the console.</p>
      )}
      <button
        type="button"
        disabled={revealing.busy}
        onClick={() => void revealing.start(endpointId).then(() => setHidden(false))}
      >
        Reveal secret
      </button>{' '}
      <button
        type="button"
        disabled={rotating.busy}
        onClick={() => {
          if (confirm('Rotate the signing secret? The previous one keeps signing for the overlap period.'))
            void rotating.start(endpointId).then(() => setHidden(false));
        }}
      >
        Rotate secret
      </button>{' '}
      <button
        type="button"
        disabled={verifying.busy}
        onClick={() => void verifying.start(endpointId).then(onVerified)}
      >
        Verify endpoint
      </button>
      {rotating.result?.previousSecretExpiresAt != null && (
        <p class="notice" role="status">
          The previous secret keeps signing until {rotating.result.previousSecretExpiresAt}.
        </p>
      )}
      <ErrorBox error={revealing.error ?? rotating.error} title="Secret" />
      <ErrorBox error={verifying.error} title="Verification" />
    </div>
  );
}

function Result({ value }: { value: Record<string, unknown> }) {
  return (
    <p class="notice" role="status">
      Accepted: <code>{JSON.stringify(value)}</code>
    </p>
  );
}

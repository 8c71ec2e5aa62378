import { useState } from 'preact/hooks';
import { callApi } from '../api-client';
import { ErrorBox } from '../components/status';
import type { Session, SessionKind } from '../session';

/** Where a token is checked before the console keeps it: an authenticated read that any valid token may do. */
const CHECK_PATH: Record<SessionKind, string> = {
  tenant: '/v1/endpoints?limit=1',
  // An unknown tenant answers 404 to a valid operator token and 401 to anything else.
  operator: '/v1/tenants/console-sign-in-check',
};

export function SignIn({ onSignedIn }: { onSignedIn: (session: Session) => void }) {
  const [kind, setKind] = useState<SessionKind>('tenant');
  const [token, setToken] = useState('');
  const [error, setError] = useState<Error>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await callApi(token.trim(), 'GET', CHECK_PATH[kind]);
      onSignedIn({ kind, token: token.trim() });
    } catch (failure) {
      const status = (failure as { status?: number }).status;
      if (kind === 'operator' && status === 404) onSignedIn({ kind, token: token.trim() });
      else if (status === 401 || status === 403 || status === 404)
        setError(
          new Error(
            kind === 'tenant' ? 'That API key was not accepted' : 'That operator token was not accepted',
          ),
        );
      else setError(failure as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="sign-in">
      <h1>Hookline console</h1>
      {/* method=post and no action: the token can never end up in the page's URL, even without script. */}
      <form method="post" onSubmit={(event) => void submit(event)} autocomplete="off">
        <fieldset>
          <legend>Sign in as</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'tenant'} onChange={() => setKind('tenant')} />{' '}
            Tenant (API key)
          </label>
          <label>
            <input
              type="radio"
              name="kind"
              checked={kind === 'operator'}
              onChange={() => setKind('operator')}
            />{' '}
            Operator (operator token)
          </label>
        </fieldset>
        <label for="token">{kind === 'tenant' ? 'API key' : 'Operator token'}</label>
        <input
          id="token"
          name="token"
          type="password"
          required
          autofocus
          spellcheck={false}
          value={token}
          onInput={(event) => setToken(event.currentTarget.value)}
        />
        <button type="submit" disabled={busy || token.trim() === ''}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
        <ErrorBox error={error} title="Not signed in" />
        <p class="muted">The key stays in this tab only and is forgotten when you close it or sign out.</p>
      </form>
    </main>
  );
}

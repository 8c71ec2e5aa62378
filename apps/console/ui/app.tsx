import { useEffect, useMemo, useState } from 'preact/hooks';
import { href, useHashRoute } from './hash-route';
import { EndpointList } from './pages/endpoint-list';
import { EndpointPage } from './pages/endpoint-page';
import { EventTrace } from './pages/event-trace';
import { EventTypes } from './pages/event-types';
import { OperatorTenants } from './pages/operator';
import { SignIn } from './pages/sign-in';
import { loadSession, saveSession, SessionContext, type Session } from './session';

interface ConsoleSettings {
  grafanaUrl: string | null;
}

function useConsoleSettings(): ConsoleSettings {
  const [settings, setSettings] = useState<ConsoleSettings>({ grafanaUrl: null });
  useEffect(() => {
    fetch('/console/settings.json').then(
      async (response) => response.ok && setSettings((await response.json()) as ConsoleSettings),
      () => undefined,
    );
  }, []);
  return settings;
}

export function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const settings = useConsoleSettings();
  const signIn = (next: Session) => {
    saveSession(next);
    setSession(next);
    location.hash = next.kind === 'tenant' ? href('endpoints') : href('tenants');
  };
  const context = useMemo(
    () =>
      session === null
        ? null
        : {
            session,
            signOut: () => {
              saveSession(null);
              setSession(null);
              location.hash = '';
            },
          },
    [session],
  );
  if (context === null) return <SignIn onSignedIn={signIn} />;
  return (
    <SessionContext.Provider value={context}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <strong class="brand">Hookline</strong>
        <nav aria-label="Main">
          {context.session.kind === 'tenant' ? (
            <>
              <a href={href('endpoints')}>Endpoints</a>
              <a href={href('events')}>Event trace</a>
              <a href={href('event-types')}>Event types</a>
            </>
          ) : (
            <a href={href('tenants')}>Tenants</a>
          )}
        </nav>
        <button type="button" class="secondary" onClick={context.signOut}>
          Sign out
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Page kind={context.session.kind} settings={settings} />
      </main>
    </SessionContext.Provider>
  );
}

function Page({ kind, settings }: { kind: Session['kind']; settings: ConsoleSettings }) {
  const [section, id] = useHashRoute();
  if (kind === 'operator') return <OperatorTenants grafanaUrl={settings.grafanaUrl} />;
  switch (section) {
    case 'endpoints':
      return id === undefined ? <EndpointList /> : <EndpointPage key={id} endpointId={id} />;
    case 'events':
      return <EventTrace key={id} eventId={id} />;
    case 'event-types':
      return <EventTypes />;
    default:
      return <EndpointList />;
  }
}

import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

export type SessionKind = 'tenant' | 'operator';

export interface Session {
  kind: SessionKind;
  /** The API key or operator token: kept in this tab only (sessionStorage), never in a URL or localStorage. */
  token: string;
}

const STORAGE_KEY = 'hookline.console.session';

/** sessionStorage ends with the tab, so a token never outlives it (issue 16: no secret in lasting storage). */
export function loadSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    const parsed = JSON.parse(raw) as Partial<Session>;
    if ((parsed.kind === 'tenant' || parsed.kind === 'operator') && typeof parsed.token === 'string') {
      return { kind: parsed.kind, token: parsed.token };
    }
  } catch {
    // Storage disabled or a stale value: sign in again.
  }
  return null;
}

export function saveSession(session: Session | null): void {
  try {
    if (session === null) sessionStorage.removeItem(STORAGE_KEY);
    else sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  } catch {
    // Storage disabled: the session lives in memory only.
  }
}

export interface SessionContextValue {
  session: Session;
  signOut: () => void;
}

export const SessionContext = createContext<SessionContextValue | null>(null);

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside a signed-in page');
  return value;
}

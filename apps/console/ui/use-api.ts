import { useCallback, useEffect, useState } from 'preact/hooks';
import { callApi } from './api-client';
import { useSession } from './session';

export interface Loaded<T> {
  data?: T;
  error?: Error;
  loading: boolean;
  reload: () => void;
}

/** Loads `path` with the session's token; `reload` fetches again (after an action changed it). */
export function useApi<T>(path: string | null): Loaded<T> {
  const { session } = useSession();
  const [state, setState] = useState<{ data?: T; error?: Error; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    callApi<T>(session.token, 'GET', path).then(
      (data) => current && setState({ data, loading: false }),
      (error: Error) => current && setState({ error, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path, session.token, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** An action button's state: running, its last error, and its last result. */
export function useAction<A extends unknown[], R>(
  run: (token: string, ...args: A) => Promise<R>,
): { busy: boolean; error?: Error; result?: R; start: (...args: A) => Promise<void> } {
  const { session } = useSession();
  const [state, setState] = useState<{ busy: boolean; error?: Error; result?: R }>({ busy: false });
  const start = useCallback(
    async (...args: A) => {
      setState({ busy: true });
      try {
        setState({ busy: false, result: await run(session.token, ...args) });
      } catch (error) {
        setState({ busy: false, error: error as Error });
      }
    },
    [run, session.token],
  );
  return { ...state, start };
}

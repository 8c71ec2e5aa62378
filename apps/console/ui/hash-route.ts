import { useEffect, useState } from 'preact/hooks';

/**
 * The page is chosen by the URL's fragment (`#/endpoints/ep_…`), so the front door serves one index.html
 * for every page, back/forward and links work, and no credential is ever part of a route.
 */
export function useHashRoute(): string[] {
  const [hash, setHash] = useState(() => location.hash);
  useEffect(() => {
    const update = () => setHash(location.hash);
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => decodeURIComponent(part));
}

export function href(...parts: string[]): string {
  return `#/${parts.map((part) => encodeURIComponent(part)).join('/')}`;
}

// Hash routes (#/katalog, #/forslag/P-0001): the page works from any URL the
// server hands index.html for, and a reload keeps the page.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  page: string;
  arg?: string;
}

export function parse(hash: string): Route {
  const [page = '', arg] = hash.replace(/^#\/?/, '').split('/');
  return { page: page || 'oversigt', arg: arg ? decodeURIComponent(arg) : undefined };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(parse(location.hash));
  useEffect(() => {
    const f = () => setRoute(parse(location.hash));
    addEventListener('hashchange', f);
    return () => removeEventListener('hashchange', f);
  }, []);
  return route;
}

export function href(page: string, arg?: string): string {
  return `#/${page}${arg ? `/${encodeURIComponent(arg)}` : ''}`;
}

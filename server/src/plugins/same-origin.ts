import type { IncomingHttpHeaders } from 'node:http';

/**
 * The one same-origin rule for staff: a request whose `Origin` names another host than the one it was sent
 * to comes from another site's page (HTTP staff writes and the /staff socket both refuse it). No `Origin`
 * is not a browser's cross-site request and passes; an `Origin` that is not a URL does not.
 */
export function isSameOrigin(headers: IncomingHttpHeaders): boolean {
  const origin = headers.origin;
  if (!origin) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  return originHost === (headers['x-forwarded-host'] ?? headers.host);
}

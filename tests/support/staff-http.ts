// Staff over real HTTP (fetch), for a server in its own process: the benchmarks and the deployed bundle's test.

/** A minimal fetch-based staff client with its session cookie. */
export async function staffSession(baseUrl: string, username: string, password: string) {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('navbat_session='));
  if (!setCookie) throw new Error('no session cookie');
  return staffClient(baseUrl, setCookie.split(';')[0] as string);
}

/** A staff client on an existing session cookie (`navbat_session=…`). */
export function staffClient(baseUrl: string, cookie: string) {
  async function call<T = unknown>(method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
    const r = await fetch(baseUrl + url, {
      method,
      headers: { cookie, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await r.text();
    return { status: r.status, body: (text ? JSON.parse(text) : null) as T };
  }
  return { cookie, call };
}

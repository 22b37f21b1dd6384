import http from 'node:http';

/** One request a receiver got. */
export interface Received {
  headers: Record<string, string>;
  body: string;
}

/** What the receiver answers: a status and headers (default 204). */
export type Responder = (request: Received) => { status: number; headers?: Record<string, string> };

/**
 * A webhook receiver on loopback (port 0): records every POST and answers what `respond` says. `waitFor(n)`
 * resolves once it holds at least n requests.
 */
export async function startReceiver(respond: Responder = () => ({ status: 204 })) {
  const received: Received[] = [];
  let waiters: { n: number; resolve: () => void }[] = [];
  let responder = respond;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request: Received = { headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])), body: Buffer.concat(chunks).toString() };
      received.push(request);
      const answer = responder(request);
      res.writeHead(answer.status, answer.headers ?? {});
      res.end();
      waiters = waiters.filter((w) => (received.length >= w.n ? (w.resolve(), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    respondWith(next: Responder) {
      responder = next;
    },
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`receiver got ${received.length} of ${n} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

import http from 'node:http';

/** One SMS the gateway took: the JSON body and the Authorization header. */
export interface GatewaySms {
  authorization: string | undefined;
  body: { id: string; to: string; text: string; language: string };
}

/**
 * A fake SMS gateway on loopback (port 0) speaking the contract of API.md "Citizen messages": records every
 * POST and answers `status` (202 by default). `waitFor(n)` resolves once it holds at least n messages.
 */
export async function startFakeSmsGateway() {
  const received: GatewaySms[] = [];
  let status = 202;
  let waiters: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end('{"queued":true}');
      waiters = waiters.filter((w) => (received.length >= w.n ? (w.resolve(), false) : true));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}/sms`,
    received,
    answerWith(next: number) {
      status = next;
    },
    waitFor(n: number, timeoutMs = 10_000): Promise<void> {
      if (received.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`gateway got ${received.length} of ${n} messages in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve()) });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeSmsGateway = Awaited<ReturnType<typeof startFakeSmsGateway>>;

import crypto from 'node:crypto';
import http from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { issue, staffClient, useTestApp } from '../support/test-app';

/**
 * A push service on loopback: keeps each request's raw body and headers, answers `status` (201). While held
 * (`hold`), it keeps its answers back until `release`; `arrived(n)` resolves once n requests have come.
 */
async function startPushService() {
  const received: { path: string; headers: http.IncomingHttpHeaders; body: Buffer }[] = [];
  let status = 201;
  let held: (() => void)[] | null = null;
  const waiting: { n: number; resolve: () => void }[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) });
      const answer = () => {
        res.writeHead(status);
        res.end();
      };
      if (held) held.push(answer);
      else answer();
      for (const w of waiting.filter((w) => received.length >= w.n)) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    origin,
    received,
    answerWith: (s: number) => (status = s),
    hold: () => void (held = []),
    release: () => {
      const answers = held ?? [];
      held = null;
      answers.forEach((answer) => answer());
    },
    arrived: (n: number) => new Promise<void>((resolve) => (received.length >= n ? resolve() : waiting.push({ n, resolve }))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A browser's side of a subscription: its P-256 key pair and auth secret (RFC 8291). */
function browserKeys() {
  const ecdh = crypto.createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  const auth = crypto.randomBytes(16);
  return { ecdh, publicKey, auth, json: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') } };
}

/** RFC 8291 (aes128gcm, RFC 8188) decryption of one record, written out with node:crypto. */
function decryptPush(body: Buffer, keys: ReturnType<typeof browserKeys>): string {
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const serverPublic = body.subarray(21, 21 + idLength);
  const record = body.subarray(21 + idLength);
  expect(record.length).toBeLessThanOrEqual(recordSize);
  const ecdhSecret = keys.ecdh.computeSecret(serverPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), keys.publicKey, serverPublic]);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', ecdhSecret, keys.auth, keyInfo, 32));
  const cek = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));
  const decipher = crypto.createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(record.subarray(-16));
  const padded = Buffer.concat([decipher.update(record.subarray(0, -16)), decipher.final()]);
  let end = padded.length - 1;
  while (padded[end] === 0) end--;
  expect(padded[end]).toBe(2); // the last record's delimiter
  return padded.subarray(0, end).toString('utf8');
}

/** Checks the VAPID header: `vapid t=<ES256 JWT>, k=<the server's public key>`, for the endpoint's origin. */
function verifyVapid(header: string | undefined, publicKey: string, origin: string) {
  const match = /^vapid t=([^,]+), k=(.+)$/.exec(header ?? '');
  expect(match?.[2]).toBe(publicKey);
  const [h, p, s] = match![1]!.split('.') as [string, string, string];
  const raw = Buffer.from(publicKey, 'base64url');
  const key = crypto.createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: raw.subarray(1, 33).toString('base64url'), y: raw.subarray(33).toString('base64url') }, format: 'jwk' });
  expect(crypto.verify('sha256', Buffer.from(`${h}.${p}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s, 'base64url'))).toBe(true);
  expect(JSON.parse(Buffer.from(p, 'base64url').toString())).toMatchObject({ aud: origin });
}

describe('Web Push for the phone page', () => {
  const t = useTestApp(() => ({ config: { webhookAllowPrivateNetworks: true } }));
  /** The ticket's `push_subscribed` (1 while it has a subscription). */
  const pushSubscribed = async (ticketId: number) =>
    Number((await sql<{ v: number }>`select push_subscribed as v from tickets where id = ${ticketId}`.execute(t.database.db)).rows[0]!.v);
  let push: Awaited<ReturnType<typeof startPushService>>;
  beforeEach(async () => {
    push = await startPushService();
  });
  afterEach(() => push.close());

  it('sends near and called, encrypted to the subscription (decrypts per RFC 8291), signed with the VAPID key kept in the database', async () => {
    const vapid = (await t.app.inject({ url: '/api/v1/push/vapid-public-key' })).json().publicKey as string;
    expect(Buffer.from(vapid, 'base64url')).toHaveLength(65);
    expect((await t.app.inject({ url: '/api/v1/push/vapid-public-key' })).json().publicKey).toBe(vapid);

    for (let i = 0; i < 4; i++) await issue(t.app, 1);
    const mine = (await issue(t.app, 1, { language: 'en' })).body.ticket; // 4 ahead; notifyAhead is 3
    const keys = browserKeys();
    const endpoint = `${push.origin}/push/subscription-1`;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${mine.publicId}/push-subscriptions`, payload: { endpoint, expirationTime: null, keys: keys.json } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ subscribed: true, kinds: ['near', 'called', 'broadcast'] });
    await t.app.outbox.runOnce();
    expect(push.received).toHaveLength(0);

    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await t.app.outbox.runOnce();
    expect(push.received).toHaveLength(1);
    const near = push.received[0]!;
    expect(near.path).toBe('/push/subscription-1');
    expect(near.headers['content-encoding']).toBe('aes128gcm');
    expect(Number(near.headers.ttl)).toBeGreaterThan(0);
    verifyVapid(near.headers.authorization, vapid, push.origin);
    expect(JSON.parse(decryptPush(near.body, keys))).toEqual({ kind: 'near', text: expect.stringContaining(`Navbat: ticket ${mine.code} (`), url: `/t/${mine.publicId}` });
    expect(decryptPush(near.body, keys)).toContain('3 ahead of you');

    for (let i = 0; i < 4; i++) {
      await op('POST', '/api/v1/counters/1/complete', {});
      await op('POST', '/api/v1/counters/1/call-next');
    }
    await t.app.outbox.runOnce();
    expect(push.received).toHaveLength(2);
    expect(JSON.parse(decryptPush(push.received[1]!.body, keys))).toEqual({ kind: 'called', text: `Navbat: ticket ${mine.code}, please go to counter 1 now.`, url: `/t/${mine.publicId}` });

    // Feedback goes by SMS only; a ticket without a phone number gets nothing more.
    await op('POST', '/api/v1/counters/1/complete', {});
    await t.app.outbox.runOnce();
    expect(push.received).toHaveLength(2);
  });

  it('a subscription made when the turn is already near is told at once; one the push service no longer knows (410) is dropped', async () => {
    await issue(t.app, 1);
    const mine = (await issue(t.app, 1)).body.ticket;
    const keys = browserKeys();
    push.answerWith(410);
    push.hold();
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${mine.publicId}/push-subscriptions`, payload: { endpoint: `${push.origin}/push/gone`, keys: keys.json } });
    expect(res.statusCode).toBe(201);
    // Told at once: the route wakes the dispatcher, whose pass sends the near message without a poll.
    await push.arrived(1);
    // The ticket (no phone number) is reachable now: the near look finds it by `push_subscribed`.
    // Read while the push service holds its 410, which would drop the subscription.
    expect(await pushSubscribed(mine.id)).toBe(1);
    push.release();
    await t.app.outbox.runOnce(); // after the woken pass
    expect(push.received).toHaveLength(1);
    expect(JSON.parse(decryptPush(push.received[0]!.body, keys)).kind).toBe('near');
    const { rows } = await sql<{ n: number }>`select count(*) as n from push_subscriptions`.execute(t.database.db);
    expect(Number(rows[0]!.n)).toBe(0);
    expect(await pushSubscribed(mine.id)).toBe(0);
  });

  it('refuses bad subscriptions with 400 and stores nothing; unknown and finished tickets are 404 and 409', async () => {
    const mine = (await issue(t.app, 1)).body.ticket;
    const keys = browserKeys().json;
    const post = (publicId: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1/tickets/${publicId}/push-subscriptions`, payload: payload as object });
    for (const bad of [
      {},
      { endpoint: 'not a url', keys },
      { endpoint: 'ftp://push.example.com/x', keys },
      { endpoint: `${push.origin}/x`, keys: { ...keys, p256dh: 'short' } },
      { endpoint: `${push.origin}/x`, keys: { ...keys, auth: 'x'.repeat(40) } },
      { endpoint: `https://push.example.com/${'x'.repeat(1100)}`, keys },
      { endpoint: `${push.origin}/x`, keys, extra: 1 },
    ]) {
      const res = await post(mine.publicId, bad);
      expect(res.statusCode, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(res.json().error.code).toBe('VALIDATION_ERROR');
    }
    expect((await post('no-such-ticket-0000000', { endpoint: `${push.origin}/x`, keys })).statusCode).toBe(404);
    await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${mine.publicId}/cancel` });
    expect((await post(mine.publicId, { endpoint: `${push.origin}/x`, keys })).json().error.code).toBe('TICKET_NOT_ACTIVE');
    const { rows } = await sql<{ n: number }>`select count(*) as n from push_subscriptions`.execute(t.database.db);
    expect(Number(rows[0]!.n)).toBe(0);
  });
});

describe('Web Push endpoints on public networks only', () => {
  const t = useTestApp();

  it('refuses a plain-http or private endpoint unless private networks are allowed', async () => {
    const mine = (await issue(t.app, 1)).body.ticket;
    const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${mine.publicId}/push-subscriptions`, payload: { endpoint: 'http://127.0.0.1:9/push', keys: browserKeys().json } });
    expect(res.statusCode).toBe(400);
  });
});

describe('the subscription endpoint is rate limited like other public writes', () => {
  const t = useTestApp(() => ({ config: { rateLimitPerMinute: 2 } }));

  it('answers 429 RATE_LIMITED past the limit', async () => {
    const mine = (await issue(t.app, 1)).body.ticket;
    const payload = { endpoint: 'https://push.example.com/sub/1', keys: browserKeys().json };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${mine.publicId}/push-subscriptions`, payload })).statusCode);
    expect(statuses).toEqual([201, 201, 429]);
  });
});

import { describe, expect, it } from 'vitest';
import { base64UrlToBytes, pushSupported, pushWorkerUrl, subscribeToPush, type PushEnvironment } from '../../kiosk-ui/src/push/subscribe';

const vapidKey = Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]).toString('base64url');
const subscriptionJson = { endpoint: 'https://push.example.com/sub/1', expirationTime: null, keys: { p256dh: `B${'x'.repeat(86)}`, auth: 'y'.repeat(22) } };

/** A browser that grants (or not) and records what the helper asked of it. */
function fakeBrowser(options: { permission?: NotificationPermission; existing?: boolean; saveStatus?: number } = {}) {
  const calls: string[] = [];
  let subscribedWith: Uint8Array | undefined;
  const subscription = { toJSON: () => subscriptionJson };
  const pushManager = {
    getSubscription: async () => (options.existing ? subscription : null),
    subscribe: async (o: { applicationServerKey: Uint8Array }) => ((subscribedWith = o.applicationServerKey), subscription),
  };
  const env: PushEnvironment = {
    serviceWorker: { register: (async (url: string) => (calls.push(`register ${url}`), { pushManager })) as unknown as ServiceWorkerContainer['register'] },
    hasPushManager: true,
    requestPermission: async () => options.permission ?? 'granted',
    fetch: (async (url: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${url}${init?.body ? ` ${String(init.body)}` : ''}`);
      if (url.endsWith('vapid-public-key')) return new Response(JSON.stringify({ publicKey: vapidKey }), { status: 200 });
      return new Response('{}', { status: options.saveStatus ?? 201 });
    }) as typeof fetch,
  };
  return { env, calls, subscribedWith: () => subscribedWith };
}

describe('the phone page’s Web Push helper', () => {
  it('asks permission, registers the worker, subscribes with the server’s VAPID key and saves the subscription for the ticket', async () => {
    const browser = fakeBrowser();
    expect(await subscribeToPush('ticket-public-id-0001', browser.env)).toBe('subscribed');
    expect(browser.calls).toEqual([
      'GET /api/v1/push/vapid-public-key',
      `register ${pushWorkerUrl}`,
      `POST /api/v1/tickets/ticket-public-id-0001/push-subscriptions ${JSON.stringify(subscriptionJson)}`,
    ]);
    expect(Buffer.from(browser.subscribedWith()!).toString('base64url')).toBe(vapidKey);
  });

  it('reuses an existing subscription, and says why when it cannot subscribe', async () => {
    const existing = fakeBrowser({ existing: true });
    expect(await subscribeToPush('ticket-public-id-0001', existing.env)).toBe('subscribed');
    expect(existing.subscribedWith()).toBeUndefined();
    expect(await subscribeToPush('x', fakeBrowser({ permission: 'denied' }).env)).toBe('denied');
    expect(await subscribeToPush('x', fakeBrowser({ saveStatus: 409 }).env)).toBe('failed');
    const noPush = { ...fakeBrowser().env, hasPushManager: false };
    expect(pushSupported(noPush)).toBe(false);
    expect(await subscribeToPush('x', noPush)).toBe('unsupported');
  });

  it('decodes base64url keys without padding', () => {
    expect([...base64UrlToBytes('AQID_-8')]).toEqual([1, 2, 3, 255, 239]);
  });
});

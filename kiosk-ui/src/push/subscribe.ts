import type { VapidPublicKey } from '@navbat/shared';

/** Where the service worker is served (kiosk-ui/public/push-sw.js under the app's base). */
export const pushWorkerUrl = '/kiosk/push-sw.js';

/** What subscribing needs of the browser; tests hand in fakes. */
export interface PushEnvironment {
  serviceWorker: Pick<ServiceWorkerContainer, 'register'> | undefined;
  /** Whether the browser has the Push API at all. */
  hasPushManager: boolean;
  requestPermission: (() => Promise<NotificationPermission>) | undefined;
  fetch: typeof fetch;
}

/** The browser's own environment (undefined parts where it lacks them, e.g. iOS Safari outside a home-screen app). */
export function browserPushEnvironment(): PushEnvironment {
  return {
    serviceWorker: typeof navigator !== 'undefined' && 'serviceWorker' in navigator ? navigator.serviceWorker : undefined,
    hasPushManager: typeof window !== 'undefined' && 'PushManager' in window,
    requestPermission: typeof Notification !== 'undefined' ? () => Notification.requestPermission() : undefined,
    fetch: (...args) => fetch(...args),
  };
}

/** `subscribed`; or why not: the browser cannot, the citizen said no, or the server refused. */
export type PushSubscribeResult = 'subscribed' | 'unsupported' | 'denied' | 'failed';

export function pushSupported(env: PushEnvironment): boolean {
  return env.serviceWorker !== undefined && env.hasPushManager && env.requestPermission !== undefined;
}

/** A base64url VAPID key as the bytes `applicationServerKey` takes. */
export function base64UrlToBytes(value: string): Uint8Array<ArrayBuffer> {
  const base64 = value.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(value.length / 4) * 4, '=');
  const binary = atob(base64);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Asks to be told by Web Push when the ticket's turn is near and when it is called (the phone page's
 * button calls this on a tap: browsers allow the permission prompt only after a gesture).
 */
export async function subscribeToPush(publicId: string, env: PushEnvironment = browserPushEnvironment()): Promise<PushSubscribeResult> {
  if (!pushSupported(env)) return 'unsupported';
  if ((await env.requestPermission!()) !== 'granted') return 'denied';
  try {
    const keyAnswer = await env.fetch('/api/v1/push/vapid-public-key');
    if (!keyAnswer.ok) return 'failed';
    // Checked by hand, not with the zod schema: the phone page stays light (no zod in its bundle).
    const { publicKey } = ((await keyAnswer.json()) ?? {}) as Partial<VapidPublicKey>;
    if (typeof publicKey !== 'string' || publicKey === '') return 'failed';
    const registration = await env.serviceWorker!.register(pushWorkerUrl);
    const subscription =
      (await registration.pushManager.getSubscription()) ?? (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: base64UrlToBytes(publicKey) }));
    const saved = await env.fetch(`/api/v1/tickets/${encodeURIComponent(publicId)}/push-subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(subscription.toJSON()),
    });
    return saved.ok ? 'subscribed' : 'failed';
  } catch {
    return 'failed';
  }
}

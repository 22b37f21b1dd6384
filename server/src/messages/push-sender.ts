import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import webpush from 'web-push';
import { isPublicAddress } from '../domain/webhooks';
import { guardedLookup } from '../outbox/webhook-sender';

/** The server's VAPID key pair (base64url) and the contact the push services see. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface PushRequest {
  endpoint: string;
  p256dh: string;
  auth: string;
  /** The JSON the service worker gets, encrypted to the subscription (RFC 8291, aes128gcm). */
  payload: string;
  vapid: VapidKeys;
  signal?: AbortSignal;
}

/** How one push went; `gone`: the push service no longer knows the subscription (404/410), drop it. */
export type PushResult = { ok: true } | { ok: false; gone: boolean; error: string };

export type PushSender = (request: PushRequest) => Promise<PushResult>;

/** Generates a VAPID key pair (done once; the pair is kept in the database). */
export const generateVapidKeys = (): VapidKeys => webpush.generateVAPIDKeys();

/**
 * Web Push with the `web-push` library: it encrypts the payload (aes128gcm) and signs the VAPID JWT; the
 * request goes out with Node's own client, which refuses private addresses unless allowed (a subscription's
 * endpoint comes from a browser, i.e. from anyone) and follows no redirect.
 */
export function createPushSender(options: { allowPrivateNetworks: boolean; subject: string; timeoutMs?: number }): PushSender {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const lookup = guardedLookup(options.allowPrivateNetworks);
  return (request) =>
    new Promise<PushResult>((resolve) => {
      let details: ReturnType<typeof webpush.generateRequestDetails>;
      try {
        details = webpush.generateRequestDetails({ endpoint: request.endpoint, keys: { p256dh: request.p256dh, auth: request.auth } }, request.payload, {
          vapidDetails: { subject: options.subject, publicKey: request.vapid.publicKey, privateKey: request.vapid.privateKey },
          contentEncoding: 'aes128gcm',
          TTL: 3600,
          urgency: 'high',
        });
      } catch (error) {
        return resolve({ ok: false, gone: true, error: `unusable subscription: ${(error as Error).message}`.slice(0, 200) });
      }
      const url = new URL(details.endpoint);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      if (!options.allowPrivateNetworks && (url.protocol !== 'https:' || (net.isIP(host) && !isPublicAddress(host)))) {
        return resolve({ ok: false, gone: true, error: 'the endpoint is not a public https address' });
      }
      const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, { method: details.method, headers: details.headers, lookup, signal, agent: false }, (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        const done = () => resolve(status >= 200 && status < 300 ? { ok: true } : { ok: false, gone: status === 404 || status === 410, error: `the push service answered ${status}` });
        res.on('end', done);
        res.on('error', done);
      });
      req.on('error', (error: Error & { code?: string }) => resolve({ ok: false, gone: false, error: `${error.code ?? 'ERROR'}: ${error.message}`.slice(0, 200) }));
      req.end(details.body ?? undefined);
    });
}

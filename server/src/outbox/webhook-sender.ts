import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { Webhook } from 'standardwebhooks';
import { deliveryTimeoutMs, isPublicAddress } from '../domain/webhooks';

/** One POST of one delivery. */
export interface WebhookRequest {
  /** The delivery id: the `webhook-id` header. */
  id: string;
  url: string;
  body: string;
  /** Every secret that signs (two during a rotation's overlap). */
  secrets: readonly string[];
  signal?: AbortSignal;
}

/** What the receiver answered: its status (null: no answer, see `error`) and its Retry-After header. */
export interface WebhookResponse {
  statusCode: number | null;
  retryAfter: string | undefined;
  error: string | null;
  /** The request was cut short because the dispatcher is stopping: not an attempt. */
  aborted: boolean;
}

export type WebhookSender = (request: WebhookRequest) => Promise<WebhookResponse>;

/** The Standard Webhooks headers of a delivery, one `v1,…` signature per secret, space-separated. */
export function webhookHeaders(id: string, timestamp: Date, body: string, secrets: readonly string[]): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': secrets.map((s) => new Webhook(s).sign(id, timestamp, body)).join(' '),
  };
}

class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDRESS';
}

/**
 * Resolves like dns.lookup but refuses private addresses, at connect time: a host that resolved to a public
 * address when the webhook was made and to a private one now (DNS rebinding) is not reached.
 */
export function guardedLookup(allowPrivateNetworks: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as dns.LookupAddress[];
      if (!allowPrivateNetworks && list.some((a) => !isPublicAddress(a.address))) {
        return callback(new PrivateAddressError(`${hostname} resolves to a private address`), '', 0);
      }
      if (options.all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      return callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/**
 * POSTs deliveries with Node's own HTTP client: signed with the reference library, 15 s to answer, no
 * redirects followed (a 3xx is a failed attempt, so a redirect cannot lead to a private address), private
 * addresses refused unless allowed. `now` gives the `webhook-timestamp` (wall time by default).
 */
export function createWebhookSender(options: { allowPrivateNetworks: boolean; timeoutMs?: number; now?: () => Date }): WebhookSender {
  const timeoutMs = options.timeoutMs ?? deliveryTimeoutMs;
  const now = options.now ?? (() => new Date());
  const lookup = guardedLookup(options.allowPrivateNetworks);
  return (request) =>
    new Promise<WebhookResponse>((resolve) => {
      const url = new URL(request.url);
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // An address in the URL is never looked up: check it here.
      if (!options.allowPrivateNetworks && net.isIP(host) && !isPublicAddress(host)) {
        return resolve({ statusCode: null, retryAfter: undefined, error: 'the URL is a private address', aborted: false });
      }
      const signal = request.signal ? AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Navbat-Webhooks/1',
        ...webhookHeaders(request.id, now(), request.body, request.secrets),
      };
      const client = url.protocol === 'https:' ? https : http;
      const req = client.request(url, { method: 'POST', headers, lookup, signal, agent: false }, (res) => {
        // The body is not read for anything; drain it so the socket closes.
        res.resume();
        const header = res.headers['retry-after'];
        const done = () => resolve({ statusCode: res.statusCode ?? null, retryAfter: Array.isArray(header) ? header[0] : header, error: null, aborted: false });
        res.on('end', done);
        res.on('error', done);
      });
      req.on('error', (error: Error & { code?: string }) => {
        const aborted = request.signal?.aborted ?? false;
        const message = signal.aborted && !aborted ? `no answer within ${timeoutMs / 1000} s` : `${error.code ?? 'ERROR'}: ${error.message}`;
        resolve({ statusCode: null, retryAfter: undefined, error: message.slice(0, 200), aborted });
      });
      req.end(request.body);
    });
}

/**
 * Webhook rules as values: which events a webhook wants, which URLs it may have, and what happens after
 * each delivery attempt (the retry schedule of the contract, its jitter, `Retry-After`, `410`).
 */
import ipaddr from 'ipaddr.js';
import type { WebhookDeliveryStatus } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';

/** Seconds to wait after the 1st, 2nd, … failed attempt; after the last, the delivery is dead. */
export const retryScheduleSeconds = [5, 5 * 60, 30 * 60, 2 * 3600, 5 * 3600, 10 * 3600, 14 * 3600, 20 * 3600, 24 * 3600] as const;

/** The first attempt and one per retry. */
export const maxAttempts = retryScheduleSeconds.length + 1;

/** Each wait is the schedule's ± this share, so receivers coming back are not hit by every sender at once. */
export const retryJitter = 0.2;

/** A receiver's `Retry-After` is honoured up to this long. */
export const maxRetryAfterMs = 24 * 3600_000;

/** How long a receiver has to answer. */
export const deliveryTimeoutMs = 15_000;

/** The wait after `failedAttempts` failures; `random` in [0, 1) picks the jitter (0.5: none). */
export function retryDelayMs(failedAttempts: number, random: number): number {
  const base = retryScheduleSeconds[Math.min(failedAttempts, retryScheduleSeconds.length) - 1]! * 1000;
  return Math.round(base * (1 + (random * 2 - 1) * retryJitter));
}

/** A `Retry-After` header (seconds or an HTTP date) as milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | undefined, now: Date): number | null {
  if (!header) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** What one attempt came to: the receiver's status (null when it did not answer) and its Retry-After. */
export interface AttemptResult {
  statusCode: number | null;
  retryAfterMs: number | null;
}

/** What to store after an attempt. */
export interface AttemptOutcome {
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  /** The receiver answered 410 Gone: the webhook is disabled. */
  disableWebhook: boolean;
}

/**
 * After an attempt: a 2xx is delivered; 410 is dead and disables the webhook; anything else (3xx
 * included: redirects are not followed) is retried on the schedule, no sooner than `Retry-After`, until
 * the attempts run out.
 */
export function decideAfterAttempt(attemptsBefore: number, result: AttemptResult, now: Date, random: number): AttemptOutcome {
  const attempts = attemptsBefore + 1;
  const { statusCode } = result;
  if (statusCode !== null && statusCode >= 200 && statusCode < 300) return { status: 'delivered', attempts, nextAttemptAt: null, disableWebhook: false };
  if (statusCode === 410) return { status: 'dead', attempts, nextAttemptAt: null, disableWebhook: true };
  if (attempts >= maxAttempts) return { status: 'dead', attempts, nextAttemptAt: null, disableWebhook: false };
  const wait = Math.max(retryDelayMs(attempts, random), Math.min(result.retryAfterMs ?? 0, maxRetryAfterMs));
  return { status: 'pending', attempts, nextAttemptAt: new Date(now.getTime() + wait).toISOString(), disableWebhook: false };
}

/** Whether a webhook with this filter and centre wants an event. */
export function wantsEvent(webhook: { events: readonly string[]; centerId: string | null }, event: { type: string; centerId: string | null }): boolean {
  if (webhook.centerId !== null && webhook.centerId !== event.centerId) return false;
  return webhook.events.includes('*') || webhook.events.includes(event.type);
}

/** A filter as stored: `["*"]` when it has `*`, else its types once each, in a stable order. */
export function normalizeFilter(events: readonly string[]): string[] {
  return events.includes('*') ? ['*'] : [...new Set(events)].sort();
}

/**
 * A webhook URL's shape: absolute http(s), a host, no credentials. Answers the host to resolve (an IPv6
 * literal without its brackets).
 */
export function decideWebhookUrl(url: string): Decision<{ url: string; host: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse('VALIDATION_ERROR', 'url is not an absolute URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return refuse('VALIDATION_ERROR', 'url must be http or https');
  if (parsed.username || parsed.password) return refuse('VALIDATION_ERROR', 'url must not carry credentials');
  if (!parsed.hostname) return refuse('VALIDATION_ERROR', 'url has no host');
  return allow({ url: parsed.href, host: parsed.hostname.replace(/^\[|\]$/g, '') });
}

/** Whether an IP address is on the public internet (not loopback, private, link-local, reserved, …). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) ip = (ip as ipaddr.IPv6).toIPv4Address();
  return ip.range() === 'unicast';
}

/** The addresses a webhook host resolved to are acceptable: some, and all public unless private ones are allowed. */
export function decideWebhookAddresses(host: string, addresses: readonly string[], allowPrivateNetworks: boolean): Decision {
  if (addresses.length === 0) return refuse('VALIDATION_ERROR', `url host ${host} does not resolve`);
  if (!allowPrivateNetworks && !addresses.every(isPublicAddress)) {
    return refuse('VALIDATION_ERROR', `url host ${host} is on a private network (set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow it)`);
  }
  return allow({});
}

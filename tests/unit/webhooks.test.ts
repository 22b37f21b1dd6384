import { describe, expect, it } from 'vitest';
import { decideAfterAttempt, decideWebhookAddresses, decideWebhookUrl, isPublicAddress, maxAttempts, normalizeFilter, parseRetryAfter, retryDelayMs, retryScheduleSeconds, wantsEvent } from '../../server/src/domain/webhooks';

const now = new Date('2026-11-24T05:00:00.000Z');

describe('webhook rules', () => {
  it('retries on the contract’s schedule with ±20% jitter', () => {
    expect(retryScheduleSeconds).toEqual([5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400]);
    expect(retryDelayMs(1, 0.5)).toBe(5000);
    expect(retryDelayMs(1, 0)).toBe(4000);
    expect(retryDelayMs(9, 0.999999)).toBeCloseTo(86_400_000 * 1.2, -3);
  });

  it('decides what an attempt leads to', () => {
    expect(decideAfterAttempt(0, { statusCode: 204, retryAfterMs: null }, now, 0.5)).toEqual({ status: 'delivered', attempts: 1, nextAttemptAt: null, disableWebhook: false });
    expect(decideAfterAttempt(0, { statusCode: 410, retryAfterMs: null }, now, 0.5)).toMatchObject({ status: 'dead', disableWebhook: true });
    expect(decideAfterAttempt(0, { statusCode: 500, retryAfterMs: null }, now, 0.5)).toMatchObject({ status: 'pending', nextAttemptAt: '2026-11-24T05:00:05.000Z' });
    expect(decideAfterAttempt(0, { statusCode: 301, retryAfterMs: null }, now, 0.5)).toMatchObject({ status: 'pending' });
    expect(decideAfterAttempt(0, { statusCode: null, retryAfterMs: null }, now, 0.5)).toMatchObject({ status: 'pending' });
    expect(decideAfterAttempt(0, { statusCode: 429, retryAfterMs: 60_000 }, now, 0.5)).toMatchObject({ nextAttemptAt: '2026-11-24T05:01:00.000Z' });
    expect(decideAfterAttempt(0, { statusCode: 429, retryAfterMs: 1000 }, now, 0.5)).toMatchObject({ nextAttemptAt: '2026-11-24T05:00:05.000Z' });
    expect(decideAfterAttempt(0, { statusCode: 429, retryAfterMs: 10 * 86_400_000 }, now, 0.5)).toMatchObject({ nextAttemptAt: '2026-11-25T05:00:00.000Z' });
    expect(decideAfterAttempt(maxAttempts - 1, { statusCode: 500, retryAfterMs: null }, now, 0.5)).toMatchObject({ status: 'dead', attempts: maxAttempts, disableWebhook: false });
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Tue, 24 Nov 2026 05:10:00 GMT', now)).toBe(600_000);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('filters events by type and centre', () => {
    expect(wantsEvent({ events: ['*'], centerId: null }, { type: 'ticket.issued', centerId: 'a' })).toBe(true);
    expect(wantsEvent({ events: ['ticket.called'], centerId: null }, { type: 'ticket.issued', centerId: 'a' })).toBe(false);
    expect(wantsEvent({ events: ['*'], centerId: 'b' }, { type: 'ticket.issued', centerId: 'a' })).toBe(false);
    expect(normalizeFilter(['ticket.called', '*'])).toEqual(['*']);
    expect(normalizeFilter(['ticket.called', 'counter.opened', 'ticket.called'])).toEqual(['counter.opened', 'ticket.called']);
  });

  it('accepts absolute http(s) URLs without credentials and public addresses only unless allowed', () => {
    expect(decideWebhookUrl('https://example.com/x')).toMatchObject({ ok: true, host: 'example.com' });
    expect(decideWebhookUrl('http://[2001:db8::1]:8080/')).toMatchObject({ ok: true, host: '2001:db8::1' });
    for (const bad of ['example.com', 'ftp://example.com', 'https://a:b@example.com', 'javascript:alert(1)']) expect(decideWebhookUrl(bad).ok).toBe(false);
    for (const ip of ['127.0.0.1', '10.0.0.1', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:10.0.0.1', '224.0.0.1']) {
      expect(isPublicAddress(ip), ip).toBe(false);
    }
    for (const ip of ['93.184.215.14', '8.8.8.8', '2606:4700::1111']) expect(isPublicAddress(ip), ip).toBe(true);
    expect(decideWebhookAddresses('h', ['8.8.8.8', '10.0.0.1'], false).ok).toBe(false);
    expect(decideWebhookAddresses('h', ['10.0.0.1'], true).ok).toBe(true);
    expect(decideWebhookAddresses('h', [], true).ok).toBe(false);
  });
});

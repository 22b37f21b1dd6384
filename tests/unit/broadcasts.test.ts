import { describe, expect, it } from 'vitest';
import { applicableBroadcast, broadcastMessageKind, decideBroadcast, kioskCanPrint, nearestKiosks, printFailureOf, templateKindOf } from '../../server/src/domain/broadcasts';

// The rules of a supervisor's broadcast and of printing a staff ticket on a kiosk, as plain values.

const now = new Date('2026-11-24T09:00:00.000Z');

describe('broadcast rules', () => {
  it('allows one SMS broadcast per gap, any number without SMS, and says when the next may go', () => {
    expect(decideBroadcast(true, null, now, 15).ok).toBe(true);
    expect(decideBroadcast(false, '2026-11-24T08:59:00.000Z', now, 15).ok).toBe(true);
    expect(decideBroadcast(true, '2026-11-24T08:45:00.000Z', now, 15).ok).toBe(true);
    const refused = decideBroadcast(true, '2026-11-24T08:50:00.000Z', now, 15);
    expect(refused).toMatchObject({ ok: false, code: 'BROADCAST_SMS_TOO_SOON', details: { retryAt: '2026-11-24T09:05:00.000Z' } });
    expect(decideBroadcast(true, '2026-11-24T08:59:59.000Z', now, 0).ok).toBe(true);
  });

  it('shows a ticket the newest message for its line or everyone, never an expired or cleared one', () => {
    const list = [
      { id: 3, serviceId: 2, expiresAt: '2026-11-24T10:00:00.000Z', clearedAt: null },
      { id: 2, serviceId: null, expiresAt: '2026-11-24T08:59:00.000Z', clearedAt: null },
      { id: 1, serviceId: null, expiresAt: '2026-11-24T10:00:00.000Z', clearedAt: null },
    ];
    expect(applicableBroadcast(list, 2, now)?.id).toBe(3);
    expect(applicableBroadcast(list, 1, now)?.id).toBe(1);
    // Without a clock the list is taken as shown at a commit.
    expect(applicableBroadcast(list, 1, null)?.id).toBe(2);
    expect(applicableBroadcast([{ ...list[0]!, clearedAt: '2026-11-24T08:00:00.000Z' }], 2, now)).toBeNull();
    expect(applicableBroadcast([], 2, now)).toBeNull();
  });

  it('logs one message kind per broadcast, rendered from the broadcast template', () => {
    expect(broadcastMessageKind(42)).toBe('broadcast:42');
    expect(templateKindOf('broadcast:42')).toBe('broadcast');
    expect(templateKindOf('near')).toBe('near');
  });
});

describe('printing on a kiosk', () => {
  it('offers reporting kiosks whose printer has not failed, the counter’s zone first, then by name', () => {
    expect(kioskCanPrint({ lastSeenAt: '2026-11-24T08:59:30.000Z', printer: 'unknown' }, now, 60)).toBe(true);
    expect(kioskCanPrint({ lastSeenAt: '2026-11-24T08:59:30.000Z', printer: 'failed' }, now, 60)).toBe(false);
    expect(kioskCanPrint({ lastSeenAt: '2026-11-24T08:58:00.000Z', printer: 'ok' }, now, 60)).toBe(false);
    const kiosks = [
      { deviceId: 'k10', label: 'Kiosk 10', zone: null },
      { deviceId: 'k2', label: 'Kiosk 2', zone: 'hall-b' },
      { deviceId: 'k9', label: 'Kiosk 9', zone: 'hall-a' },
      { deviceId: 'kx', label: null, zone: null },
    ];
    expect(nearestKiosks(kiosks, 'hall-a').map((k) => [k.deviceId, k.sameZone])).toEqual([
      ['k9', true],
      ['kx', false],
      ['k2', false],
      ['k10', false],
    ]);
    expect(nearestKiosks(kiosks, null).every((k) => !k.sameZone)).toBe(true);
  });

  it('turns the kiosk’s answer, or its silence, into the console’s typed outcome', () => {
    expect(printFailureOf({ ok: true })).toBeNull();
    expect(printFailureOf({ ok: false, reason: 'printer_failed' })).toBe('PRINTER_FAILED');
    expect(printFailureOf({ ok: false, reason: 'busy' })).toBe('KIOSK_BUSY');
    expect(printFailureOf('no-answer')).toBe('KIOSK_OFFLINE');
  });
});

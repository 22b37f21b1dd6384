import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bookingCodeSchema, defaultCenterBooking, defaultRemoteJoin, type OpeningHours } from '@navbat/shared';
import {
  bookingCode,
  decideBooking,
  decideCancelAppointment,
  decideCheckIn,
  decideHold,
  decideRemoteJoin,
  freeSeats,
  isBookableDay,
  parseCheckInCode,
  shouldComeNow,
  slotsOfDay,
} from '../../server/src/domain/booking';
import { pickNext, serviceLine, type QueueCandidate } from '../../server/src/domain/call-order';

const tz = 'Asia/Karachi'; // UTC+5, no daylight saving
const weekdays9to5: OpeningHours = [{ days: [1, 2, 3, 4, 5], open: '09:00', close: '17:00' }];

describe('slots of a day', () => {
  it('start at the opening time and step by slotMinutes, ending inside the hours (2026-12-01 is a Tuesday)', () => {
    const slots = slotsOfDay('2026-12-01', tz, weekdays9to5, null, 30);
    expect(slots).toHaveLength(16);
    expect(slots[0]).toEqual({ start: '2026-12-01T04:00:00.000Z', end: '2026-12-01T04:30:00.000Z' });
    expect(slots.at(-1)).toEqual({ start: '2026-12-01T11:30:00.000Z', end: '2026-12-01T12:00:00.000Z' });
  });

  it('keep only slots inside both the service and the centre hours; a slot that would pass closing is left out', () => {
    const service: OpeningHours = [{ days: [2], open: '08:10', close: '12:00' }];
    const slots = slotsOfDay('2026-12-01', tz, weekdays9to5, service, 40);
    // 08:10 and 08:50 start before the centre opens; 11:30 would end at 12:10.
    expect(slots.map((s) => s.start)).toEqual(['2026-12-01T04:30:00.000Z', '2026-12-01T05:10:00.000Z', '2026-12-01T05:50:00.000Z']);
  });

  it('a closed day has none; without hours the whole local day from midnight', () => {
    expect(slotsOfDay('2026-12-06', tz, weekdays9to5, null, 15)).toEqual([]);
    const all = slotsOfDay('2026-12-06', tz, null, null, 60);
    expect(all).toHaveLength(24);
    expect(all[0]!.start).toBe('2026-12-05T19:00:00.000Z');
  });

  it('bookable days run from today to daysAhead in the centre zone', () => {
    const now = new Date('2026-11-30T20:00:00.000Z'); // 01:00 on 1 December in Karachi
    expect(isBookableDay('2026-11-30', now, tz, 14)).toBe(false);
    expect(isBookableDay('2026-12-01', now, tz, 14)).toBe(true);
    expect(isBookableDay('2026-12-15', now, tz, 14)).toBe(true);
    expect(isBookableDay('2026-12-16', now, tz, 14)).toBe(false);
    expect(freeSeats(3, 1)).toBe(2);
    expect(freeSeats(3, 5)).toBe(0);
  });
});

describe('booking', () => {
  const now = new Date('2026-12-01T03:00:00.000Z');
  const request = (over: Partial<Parameters<typeof decideBooking>[0]> = {}) =>
    decideBooking({
      start: '2026-12-01T04:30:00.000Z',
      now,
      timeZone: tz,
      center: defaultCenterBooking,
      service: { slotMinutes: 30, capacity: 2 },
      slotsOfDay: slotsOfDay('2026-12-01', tz, weekdays9to5, null, 30),
      phoneBookingsThatDay: 0,
      holiday: null,
      ...over,
    });

  it('a holiday: CENTER_CLOSED with its reason, whatever the slot', () => {
    expect(request({ holiday: { date: '2026-12-01', reason: 'Quaid Day' } })).toEqual({ ok: false, code: 'CENTER_CLOSED', message: 'the centre is closed on this day: Quaid Day' });
  });

  it('a slot boundary inside the hours is accepted', () => {
    expect(request()).toMatchObject({ ok: true, slot: { start: '2026-12-01T04:30:00.000Z' }, localDay: '2026-12-01' });
  });

  it('refuses non-boundaries, begun slots, days beyond daysAhead, unbookable services and the per-phone limit', () => {
    expect(request({ start: '2026-12-01T04:31:00.000Z' })).toMatchObject({ ok: false, code: 'SLOT_NOT_AVAILABLE' });
    expect(request({ start: '2026-12-01T03:30:00.000Z' })).toMatchObject({ ok: false, code: 'SLOT_NOT_AVAILABLE' });
    expect(request({ now: new Date('2026-12-01T04:30:00.000Z') })).toMatchObject({ ok: false, code: 'SLOT_NOT_AVAILABLE' });
    expect(request({ now: new Date('2026-12-01T04:29:59.999Z') }).ok).toBe(true);
    expect(request({ center: { ...defaultCenterBooking, daysAhead: 0 }, start: '2026-12-02T04:30:00.000Z', slotsOfDay: slotsOfDay('2026-12-02', tz, weekdays9to5, null, 30) })).toMatchObject({ ok: false, code: 'SLOT_NOT_AVAILABLE' });
    expect(request({ service: { slotMinutes: 30, capacity: 0 } })).toMatchObject({ ok: false, code: 'SLOT_NOT_AVAILABLE' });
    expect(request({ phoneBookingsThatDay: 1 }).ok).toBe(true);
    expect(request({ phoneBookingsThatDay: 2 })).toMatchObject({ ok: false, code: 'BOOKING_LIMIT_REACHED' });
  });

  it('codes are 6 characters of A-Z2-9 without 0 O 1 I', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 6, maxLength: 6 }), (bytes) => bookingCodeSchema.safeParse(bookingCode(bytes)).success));
    expect(bookingCode(new Uint8Array([0, 8, 13, 31, 24, 25]))).toBe('AJP923');
  });
});

describe('check-in windows', () => {
  const start = '2026-12-01T05:30:00.000Z';
  const rules = { earlyMinutes: 30, lateMinutes: 10 };
  const at = (iso: string) => decideCheckIn({ status: 'booked', start }, new Date(iso), rules);

  it('start − earlyMinutes is accepted and one second earlier is TOO_EARLY with retryAt', () => {
    expect(at('2026-12-01T05:00:00.000Z')).toEqual({ ok: true, kind: 'check-in' });
    expect(at('2026-12-01T04:59:59.000Z')).toEqual({ ok: false, code: 'TOO_EARLY', message: expect.any(String), details: { retryAt: '2026-12-01T05:00:00.000Z' } });
  });

  it('start + lateMinutes is accepted and one second later is missed', () => {
    expect(at('2026-12-01T05:40:00.000Z')).toEqual({ ok: true, kind: 'check-in' });
    expect(at('2026-12-01T05:40:01.000Z')).toEqual({ ok: true, kind: 'missed' });
  });

  it('again answers the same ticket; cancelled and missed are refused', () => {
    expect(decideCheckIn({ status: 'checked_in', start }, new Date(start), rules)).toEqual({ ok: true, kind: 'again' });
    expect(decideCheckIn({ status: 'cancelled', start }, new Date(start), rules)).toMatchObject({ ok: false, code: 'APPOINTMENT_NOT_BOOKED' });
    expect(decideCheckIn({ status: 'missed', start }, new Date(start), rules)).toMatchObject({ ok: false, code: 'APPOINTMENT_MISSED' });
  });

  it('cancel frees the seat only before the slot begins', () => {
    expect(decideCancelAppointment({ status: 'booked', start }, new Date('2026-12-01T05:29:59.000Z'))).toEqual({ ok: true, freesSeat: true });
    expect(decideCancelAppointment({ status: 'booked', start }, new Date(start))).toEqual({ ok: true, freesSeat: false });
    expect(decideCancelAppointment({ status: 'checked_in', start }, new Date(start))).toMatchObject({ ok: false, code: 'APPOINTMENT_NOT_BOOKED' });
  });

  it('reads codes in any case, public ids and scanned URLs', () => {
    expect(parseCheckInCode(' abcd23 ')).toEqual({ kind: 'code', code: 'ABCD23' });
    expect(parseCheckInCode('ABCD10')).toEqual({ kind: 'unknown' });
    const id = 'AbCdEfGhIjKlMnOpQrStUv';
    expect(parseCheckInCode(id)).toEqual({ kind: 'publicId', publicId: id });
    expect(parseCheckInCode(`https://navbat.example.pk/t/${id}`)).toEqual({ kind: 'publicId', publicId: id });
    expect(parseCheckInCode(`http://10.0.0.5:3000/book?center=isb-g9&appointment=${id}`)).toEqual({ kind: 'publicId', publicId: id });
    expect(parseCheckInCode('https://evil.example/x')).toEqual({ kind: 'unknown' });
    expect(parseCheckInCode('')).toEqual({ kind: 'unknown' });
  });
});

describe('remote join', () => {
  it('is refused when off, and past the per-phone limit', () => {
    expect(decideRemoteJoin(defaultRemoteJoin, defaultCenterBooking, 0)).toMatchObject({ ok: false, code: 'REMOTE_JOIN_DISABLED' });
    const on = { ...defaultRemoteJoin, enabled: true };
    expect(decideRemoteJoin(on, defaultCenterBooking, 1).ok).toBe(true);
    expect(decideRemoteJoin(on, defaultCenterBooking, 2)).toMatchObject({ ok: false, code: 'BOOKING_LIMIT_REACHED' });
  });

  it('first in line without arriving: held holdMinutes, then expired', () => {
    const now = new Date('2026-12-01T05:00:00.000Z');
    expect(decideHold({ first: false, dueAt: null }, now, 15)).toEqual({ kind: 'none' });
    expect(decideHold({ first: true, dueAt: null }, now, 15)).toEqual({ kind: 'hold', dueAt: '2026-12-01T05:15:00.000Z' });
    expect(decideHold({ first: true, dueAt: '2026-12-01T05:15:00.000Z' }, new Date('2026-12-01T05:14:59.999Z'), 15)).toEqual({ kind: 'none' });
    expect(decideHold({ first: true, dueAt: '2026-12-01T05:15:00.000Z' }, new Date('2026-12-01T05:15:00.000Z'), 15)).toEqual({ kind: 'expire' });
    expect(shouldComeNow({ arrived: false, position: 5 }, 5)).toBe(true);
    expect(shouldComeNow({ arrived: false, position: 6 }, 5)).toBe(false);
    expect(shouldComeNow({ arrived: false, position: null }, 5)).toBe(false);
    // Already in the hall: nothing to tell.
    expect(shouldComeNow({ arrived: true, position: 1 }, 5)).toBe(false);
  });

  it('a ticket that has not arrived is never called and keeps its rank (random halls)', () => {
    const now = new Date('2026-12-01T06:00:00.000Z');
    const candidate = fc.record({
      serviceId: fc.constantFrom(1, 2),
      priority: fc.constantFrom('none', 'none', 'senior'),
      minute: fc.integer({ min: 0, max: 120 }),
      appointment: fc.option(fc.integer({ min: 0, max: 240 }), { nil: null }),
      arrived: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(candidate, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 5 }), (specs, streak) => {
        const tickets: QueueCandidate[] = specs.map((s, i) => {
          const at = new Date(Date.parse('2026-12-01T04:00:00.000Z') + s.minute * 60_000).toISOString();
          return {
            id: i + 1,
            serviceId: s.serviceId,
            priority: s.priority,
            queuedAt: at,
            issuedAt: at,
            appointmentAt: s.appointment === null ? null : new Date(Date.parse('2026-12-01T04:00:00.000Z') + s.appointment * 60_000).toISOString(),
            transferCounterId: null,
            transferPlacement: null,
            arrived: s.arrived,
          };
        });
        const ctx = { counterId: 1, weights: new Map([[1, 1], [2, 1]]), slaTargetMinutes: new Map<number, number>(), priorityStreak: streak, priorityRun: 3, now };
        const picked = pickNext(tickets, ctx);
        const arrived = tickets.filter((t) => t.arrived);
        // Never a ticket that has not arrived; and the same pick as if only arrived tickets waited.
        expect(picked?.arrived ?? true).toBe(true);
        expect(picked?.id ?? null).toBe(pickNext(arrived, ctx)?.id ?? null);
        // Ranks: the line is the same with every ticket marked arrived (nobody moves for not having arrived).
        const allArrived = tickets.map((t) => ({ ...t, arrived: true }));
        expect(serviceLine(tickets, now).map((t) => t.id)).toEqual(serviceLine(allArrived, now).map((t) => t.id));
      }),
    );
  });
});

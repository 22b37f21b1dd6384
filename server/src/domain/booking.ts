/**
 * Appointments and remote join as pure rules (API.md "Appointments", "Remote join"): which slots a day
 * has, who may book one, when a booking may be checked in, when it is missed, and when a remote ticket
 * that has not arrived loses its place. Time comes in as `now`; nothing here reads a clock or a table.
 */
import { bookingCodeAlphabet, type AppointmentStatus, type CenterBooking, type OpeningHours, type RemoteJoin, type ServiceBooking } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';
import { addDays, localTime, startOfLocalDay } from './time';
import { dayClosure, refuseClosure, type Holiday } from './closures';

const minute = 60_000;

/** One bookable slot: its start and end instants (ISO-8601 UTC). */
export interface SlotTime {
  start: string;
  end: string;
}

/** Minutes since local midnight of `HH:MM` (`24:00` is the end of the day). */
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** The opening windows of a local weekday, in minutes since midnight; no hours = the whole day. */
export function openWindows(hours: OpeningHours, weekday: number): { open: number; close: number }[] {
  if (!hours || hours.length === 0) return [{ open: 0, close: 24 * 60 }];
  return hours
    .filter((h) => h.days.includes(weekday))
    .map((h) => ({ open: minutesOf(h.open), close: minutesOf(h.close) }))
    .sort((a, b) => a.open - b.open);
}

/** The weekday (0 = Sunday) of a calendar date. */
const weekdayOf = (date: string) => new Date(`${date}T00:00:00.000Z`).getUTCDay();

/**
 * The slots of a local day: from each opening of the service (or midnight) every `slotMinutes`, keeping
 * those that end inside the same opening window of the service and inside one of the centre's.
 */
export function slotsOfDay(date: string, timeZone: string, centerHours: OpeningHours, serviceHours: OpeningHours, slotMinutes: number): SlotTime[] {
  const weekday = weekdayOf(date);
  const centerWindows = openWindows(centerHours, weekday);
  const midnight = startOfLocalDay(date, timeZone).getTime();
  const slots: SlotTime[] = [];
  for (const w of openWindows(serviceHours, weekday)) {
    for (let s = w.open; s + slotMinutes <= w.close; s += slotMinutes) {
      const e = s + slotMinutes;
      if (!centerWindows.some((c) => c.open <= s && e <= c.close)) continue;
      slots.push({ start: new Date(midnight + s * minute).toISOString(), end: new Date(midnight + e * minute).toISOString() });
    }
  }
  return slots;
}

/** The local day (in the centre's zone) an instant falls on. */
export const localDayOf = (instant: string | Date, timeZone: string) => localTime(new Date(instant), timeZone).date;

/** Whether a local day can be booked from `now`: today up to `daysAhead` days later. */
export function isBookableDay(date: string, now: Date, timeZone: string, daysAhead: number): boolean {
  const today = localDayOf(now, timeZone);
  return date >= today && date <= addDays(today, daysAhead);
}

/** Seats a slot still has; cancelled and missed bookings hold none (the count is kept by the repository). */
export const freeSeats = (capacity: number, booked: number) => Math.max(0, capacity - booked);

export interface BookingRequest {
  /** The requested start, normalised to ISO-8601 UTC. */
  start: string;
  now: Date;
  timeZone: string;
  center: CenterBooking;
  service: ServiceBooking;
  /** The slots of the start's local day (`slotsOfDay`). */
  slotsOfDay: readonly SlotTime[];
  /** Bookings of this phone on that local day still booked or checked in (0 without a phone). */
  phoneBookingsThatDay: number;
  /** The centre's holiday on that local day (null: a working day). */
  holiday: Holiday | null;
}

/** Whether this slot may be booked (never on a holiday: CENTER_CLOSED); the seat itself is taken atomically by the repository (`SLOT_FULL`). */
export function decideBooking(r: BookingRequest): Decision<{ slot: SlotTime; localDay: string }> {
  if (r.service.capacity === 0) return refuse('SLOT_NOT_AVAILABLE', 'this service takes no appointments');
  const localDay = localDayOf(r.start, r.timeZone);
  if (!isBookableDay(localDay, r.now, r.timeZone, r.center.daysAhead)) return refuse('SLOT_NOT_AVAILABLE', `bookings are taken up to ${r.center.daysAhead} days ahead`);
  const closed = dayClosure(r.holiday);
  if (closed) return refuseClosure(closed);
  const slot = r.slotsOfDay.find((s) => s.start === r.start);
  if (!slot) return refuse('SLOT_NOT_AVAILABLE', 'not the start of a slot inside opening hours');
  if (Date.parse(slot.start) <= r.now.getTime()) return refuse('SLOT_NOT_AVAILABLE', 'this slot has begun');
  if (r.phoneBookingsThatDay >= r.center.perPhonePerDay) return refuse('BOOKING_LIMIT_REACHED', `at most ${r.center.perPhonePerDay} bookings per phone and day`);
  return allow({ slot, localDay });
}

/** What checking in an appointment does at `now`. */
export type CheckInDecision = Decision<{ kind: 'check-in' } | { kind: 'again' } | { kind: 'missed' }>;

/**
 * Check-in of an appointment: from `start − earlyMinutes` to `start + lateMinutes` (both included) it
 * issues its ticket; earlier is TOO_EARLY with `retryAt`; later marks it missed (the caller commits that,
 * then answers APPOINTMENT_MISSED); a second check-in answers the same ticket.
 */
export function decideCheckIn(a: { status: AppointmentStatus; start: string }, now: Date, rules: Pick<CenterBooking, 'earlyMinutes' | 'lateMinutes'>): CheckInDecision {
  if (a.status === 'checked_in') return allow({ kind: 'again' as const });
  if (a.status === 'cancelled') return refuse('APPOINTMENT_NOT_BOOKED', 'this appointment was cancelled');
  if (a.status === 'missed') return refuse('APPOINTMENT_MISSED', 'this appointment was missed; take a walk-in ticket');
  const start = Date.parse(a.start);
  const opensAt = start - rules.earlyMinutes * minute;
  if (now.getTime() < opensAt) return refuse('TOO_EARLY', 'too early to check in', { retryAt: new Date(opensAt).toISOString() });
  if (isPastLateLimit(a.start, now, rules.lateMinutes)) return allow({ kind: 'missed' as const });
  return allow({ kind: 'check-in' as const });
}

/** Whether an appointment starting at `start` is past its late limit (`start + lateMinutes`) at `now`. */
export function isPastLateLimit(start: string, now: Date, lateMinutes: number): boolean {
  return now.getTime() > Date.parse(start) + lateMinutes * minute;
}

/** The latest slot start that is already missed at `now` (bookings starting before it are missed). */
export function missedBefore(now: Date, lateMinutes: number): string {
  return new Date(now.getTime() - lateMinutes * minute).toISOString();
}

/** A booked appointment may be cancelled; its seat is freed only while the slot has not begun. */
export function decideCancelAppointment(a: { status: AppointmentStatus; start: string }, now: Date): Decision<{ freesSeat: boolean }> {
  if (a.status !== 'booked') return refuse('APPOINTMENT_NOT_BOOKED', `this appointment is ${a.status}`);
  return allow({ freesSeat: now.getTime() < Date.parse(a.start) });
}

/** A 6-character booking code from `A-Z2-9` without `0 O 1 I`, from random bytes (one per character). */
export function bookingCode(randomBytes: Uint8Array): string {
  let code = '';
  // 256 is a multiple of the 32-letter alphabet: every letter is equally likely.
  for (let i = 0; i < 6; i++) code += bookingCodeAlphabet[(randomBytes[i] ?? 0) % bookingCodeAlphabet.length];
  return code;
}

/** Whether a remote ticket may be issued: remote join on, and this phone under its daily limit. */
export function decideRemoteJoin(rules: RemoteJoin, booking: Pick<CenterBooking, 'perPhonePerDay'>, phoneRemoteTicketsToday: number): Decision {
  if (!rules.enabled) return refuse('REMOTE_JOIN_DISABLED', 'this centre does not take remote tickets');
  if (phoneRemoteTicketsToday >= booking.perPhonePerDay) return refuse('BOOKING_LIMIT_REACHED', `at most ${booking.perPhonePerDay} remote tickets per phone and day`);
  return allow({});
}

/**
 * A remote ticket that has not arrived: once first in its line it is held `holdMinutes` (from when it
 * first was), then it expires. `dueAt` is when the hold started plus `holdMinutes`, null before.
 */
export function decideHold(t: { first: boolean; dueAt: string | null }, now: Date, holdMinutes: number): { kind: 'hold'; dueAt: string } | { kind: 'expire' } | { kind: 'none' } {
  if (t.dueAt !== null) return now.toISOString() >= t.dueAt ? { kind: 'expire' } : { kind: 'none' };
  if (!t.first) return { kind: 'none' };
  return { kind: 'hold', dueAt: new Date(now.getTime() + holdMinutes * minute).toISOString() };
}

/**
 * Whether the phone page should say "come to the centre now": a ticket not yet in the hall, within `confirmBy`
 * of the front (`position` null: not in a line, e.g. held or called).
 */
export const shouldComeNow = (t: { arrived: boolean; position: number | null }, confirmBy: number) => !t.arrived && t.position !== null && t.position <= confirmBy;

/** What a check-in code names: a booking code, a public id (of an appointment or ticket). */
export type CheckInKey = { kind: 'code'; code: string } | { kind: 'publicId'; publicId: string } | { kind: 'unknown' };

/**
 * Reads what the kiosk got: a booking code typed in any case, a public id, or a scanned URL (`…/t/<id>`,
 * `…/book?…appointment=<id>`, `…/a/<id>`).
 */
export function parseCheckInCode(raw: string): CheckInKey {
  const text = raw.trim();
  if (/^[A-Za-z2-9]{6}$/.test(text)) {
    const code = text.toUpperCase();
    return /^[A-HJ-NP-Z2-9]{6}$/.test(code) ? { kind: 'code', code } : { kind: 'unknown' };
  }
  if (/^[A-Za-z0-9_-]{16,64}$/.test(text)) return { kind: 'publicId', publicId: text };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { kind: 'unknown' };
  }
  const fromQuery = url.searchParams.get('appointment') ?? url.searchParams.get('ticket');
  const fromPath = /\/(?:t|a)\/([A-Za-z0-9_-]{16,64})\/?$/.exec(url.pathname)?.[1];
  const id = fromQuery ?? fromPath;
  return id && /^[A-Za-z0-9_-]{16,64}$/.test(id) ? { kind: 'publicId', publicId: id } : { kind: 'unknown' };
}

import type { BookingSeats, BookingSeatsQuery, BookingStats, DateRangeQuery } from '@navbat/shared';
import type { ServiceContext } from './context';
import { bookedSeats } from '../db/appointments.repository';
import { countAppointmentsByStatus } from '../db/booking-stats.repository';
import { listServices } from '../db/services.repository';
import { parseJson } from '../db/json';
import { maxBookingShare, seatsPerHour, tallyAppointments, type BookableService } from '../domain/booking-capacity';
import { slotsOfDay } from '../domain/booking';
import { serviceDay } from '../domain/time';
import { isoWeekday } from '../domain/weekday-plan';
import { requireCenter, requireReportRange } from './lookups';
import { weekday as weekdayPlan } from './planner.service';

/**
 * The appointment seats of each hour of a local day against the counters the weekday plan expects then
 * (what the hall opened on that weekday in past weeks), with a warning where bookings leave too little
 * room for walk-ins. Each seat keeps a counter busy for the service's mean time in that hour.
 */
export async function seats(ctx: ServiceContext, centerId: string, query: BookingSeatsQuery): Promise<BookingSeats> {
  const { db } = ctx.database;
  const center = await requireCenter(db, centerId);
  const date = query.date ?? serviceDay(ctx.clock.now(), center.timezone);
  const weekday = isoWeekday(date);
  const [services, plan] = await Promise.all([listServices(db, center.id), weekdayPlan(ctx, center.id, { weekday, weeks: query.weeks })]);
  const bookable: BookableService[] = [];
  for (const s of services.filter((x) => x.active && x.booking_capacity > 0)) {
    const slots = slotsOfDay(date, center.timezone, parseJson(center.opening_hours), parseJson(s.opening_hours), s.booking_slot_minutes);
    const booked = slots.length ? await bookedSeats(db, s.id, slots[0]!.start, slots.at(-1)!.end) : new Map<string, number>();
    const byHour = new Map(plan.hours.flatMap((h) => h.services.filter((x) => x.serviceId === s.id && x.avgServiceSeconds !== null).map((x) => [h.hour, x.avgServiceSeconds!] as const)));
    // Without history a seat is taken to last its slot: capacity c per slot keeps c counters busy.
    bookable.push({ serviceId: s.id, capacity: s.booking_capacity, slots, booked, serviceSecondsByHour: byHour, fallbackSeconds: s.booking_slot_minutes * 60 });
  }
  const planned = new Map(plan.hours.map((h) => [h.hour, { planned: h.opened, needed: h.counters }]));
  return { date, weekday, weeks: query.weeks, maxBookingPercent: maxBookingShare * 100, hours: seatsPerHour(bookable, planned, center.timezone) };
}

/** Bookings per service whose slot falls on the local days `from`..`to` (default today): made, still booked, checked in, missed, cancelled. */
export async function stats(ctx: ServiceContext, centerId: string, range: DateRangeQuery): Promise<BookingStats> {
  const { center, from, to } = await requireReportRange(ctx.database.db, centerId, ctx.clock.now(), range);
  return { from, to, ...tallyAppointments(await countAppointmentsByStatus(ctx.database.db, center.id, from, to)) };
}

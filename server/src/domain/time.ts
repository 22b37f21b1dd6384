import type { OpeningHours } from '@navbat/shared';

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = dayFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    dayFormatters.set(timeZone, f);
  }
  return f;
}

/** A centre's time zone when none is stored (the column's default too). */
export const defaultTimeZone = 'Asia/Karachi';

export interface LocalTime {
  /** YYYY-MM-DD in the zone. */
  date: string;
  /** HH:MM in the zone. */
  time: string;
  /** 0 = Sunday. */
  weekday: number;
  hour: number;
}

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Recent answers of `localTime`, by zone and whole minute (formatting with Intl is slow; zones shift by whole minutes). */
const localTimes = new Map<string, LocalTime>();

/** The wall-clock date, time and weekday of `now` in `timeZone`. */
export function localTime(now: Date, timeZone: string): LocalTime {
  const key = `${timeZone}|${Math.floor(now.getTime() / 60_000)}`;
  const known = localTimes.get(key);
  if (known) return known;
  const parts: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(now)) parts[p.type] = p.value;
  const hour = Number(parts.hour);
  const value: LocalTime = Object.freeze({
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    weekday: weekdays.indexOf(parts.weekday ?? 'Sun'),
    hour,
  });
  if (localTimes.size >= 2000) localTimes.clear();
  localTimes.set(key, value);
  return value;
}

/** The service day (local date in the center's zone) that numbering and statistics use. */
export function serviceDay(now: Date, timeZone: string): string {
  return localTime(now, timeZone).date;
}

/** Whether `hours` (null = always open) has `now` inside an opening window. */
export function isOpenAt(hours: OpeningHours, now: Date, timeZone: string): boolean {
  if (!hours || hours.length === 0) return true;
  const { time, weekday } = localTime(now, timeZone);
  return hours.some((h) => h.days.includes(weekday) && h.open <= time && time < h.close);
}

const localDayStarts = new Map<string, number>();

/** The UTC instant at which local midnight of `date` begins in `timeZone` (worked out once per zone and date). */
export function startOfLocalDay(date: string, timeZone: string): Date {
  const key = `${timeZone}|${date}`;
  let start = localDayStarts.get(key);
  if (start === undefined) {
    // Start from UTC midnight and correct by the zone's offset (twice, for days that change offset).
    start = Date.parse(`${date}T00:00:00.000Z`);
    for (let i = 0; i < 2; i++) {
      const local = localTime(new Date(start), timeZone);
      start -= Date.parse(`${local.date}T${local.time}:00.000Z`) - Date.parse(`${date}T00:00:00.000Z`);
    }
    if (localDayStarts.size >= 2000) localDayStarts.clear();
    localDayStarts.set(key, start);
  }
  return new Date(start);
}

/** The date `days` after `date` (both YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Milliseconds from one ISO-8601 instant to another (how long a ticket waited or was served). */
export function millisecondsBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

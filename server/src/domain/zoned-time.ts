/** Offset formatters by zone (`GMT+05:00`); building one is slow, formatting with it is not. */
const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets by zone and quarter hour: every zone's offset is a multiple of 15 minutes and changes on such a boundary. */
const offsets = new Map<string, number>();
const quarterHour = 15 * 60_000;

/** Minutes `timeZone` is ahead of UTC at `instantMs` (Asia/Karachi: 300). */
export function utcOffsetMinutes(instantMs: number, timeZone: string): number {
  const slot = Math.floor(instantMs / quarterHour);
  // An export walks tickets in time order: the last answer is nearly always the one asked again.
  if (last.zone === timeZone && last.slot === slot) return last.minutes;
  const key = `${timeZone}|${slot}`;
  const known = offsets.get(key);
  if (known !== undefined) return remember(timeZone, slot, known);
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(instantMs).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT([+-])(\d{2}):(\d{2})$/.exec(name);
  const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  if (offsets.size >= 10_000) offsets.clear();
  offsets.set(key, minutes);
  return remember(timeZone, slot, minutes);
}

const last = { zone: '', slot: Number.NaN, minutes: 0 };
function remember(zone: string, slot: number, minutes: number): number {
  last.zone = zone;
  last.slot = slot;
  last.minutes = minutes;
  return minutes;
}

/**
 * An instant as the wall-clock time of `timeZone` with its offset, to the second
 * (`2026-12-01T03:41:00.000Z` in Asia/Karachi → `2026-12-01T08:41:00+05:00`): what a spreadsheet and the
 * people reading a report expect, and still one exact instant.
 */
export function toZonedIso(instant: string | Date, timeZone: string): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  const offset = utcOffsetMinutes(ms, timeZone);
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

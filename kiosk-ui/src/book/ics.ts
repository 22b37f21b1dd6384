/** `20261124T060000Z`: an instant in iCalendar's UTC form. */
const icsTime = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** Escapes text for an iCalendar value (RFC 5545 §3.3.11). */
const icsText = (text: string) => text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');

/** An iCalendar file with one event: the booked visit, to add to the phone's calendar. */
export function appointmentIcs(a: { publicId: string; start: string; end: string; code: string }, title: string, place: string, url: string, stamp: Date): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Navbat//Booking//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:${a.publicId}@navbat`,
    `DTSTAMP:${icsTime(stamp.toISOString())}`,
    `DTSTART:${icsTime(a.start)}`,
    `DTEND:${icsTime(a.end)}`,
    `SUMMARY:${icsText(`${title} (${a.code})`)}`,
    `LOCATION:${icsText(place)}`,
    `DESCRIPTION:${icsText(`${a.code} — ${url}`)}`,
    `URL:${url}`,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

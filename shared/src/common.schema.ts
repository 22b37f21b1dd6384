import { z } from 'zod';

export const isoTime = z.string().describe('ISO-8601 UTC timestamp with milliseconds');
/** True for a `YYYY-MM-DD` day that exists on the calendar (no 2026-02-30, no month 13), years 1970–9999. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1970 || month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
/** A calendar day `YYYY-MM-DD` that exists (validated, not just shaped). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDate, 'no such day on the calendar')
  .meta({ format: 'date' });

/** A name shown to citizens: English and Urdu, more languages may be added. */
export const localizedSchema = z
  .object({ en: z.string().trim().min(1).max(200), ur: z.string().trim().min(1).max(200) })
  .catchall(z.string().max(200))
  .meta({ id: 'Localized' });
export type Localized = z.infer<typeof localizedSchema>;

export const languageSchema = z.enum(['en', 'ur']);
export type Language = z.infer<typeof languageSchema>;

export const centerIdSchema = z.string().regex(/^[a-z0-9-]{2,32}$/, 'a center id is 2–32 of a-z, 0-9 and -');
/**
 * An integer in a path or query string: canonical decimal digits only (no `0x10`, `1e3`, ` 1`, `+1`, `01`),
 * within `min`..`max`; anything else is a validation error, never a silent conversion.
 */
export function queryInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9]\d{0,14})$/, 'expected decimal digits without sign, spaces or leading zeros')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .meta({ description: `an integer ${min}–${max} in decimal digits`, 'x-minimum': min, 'x-maximum': max });
}
/** An integer id in a path or query string. */
export const intId = queryInt(1, 2_147_483_647);
/** An integer id in a JSON body (a string is refused, not converted). */
export const bodyId = z.number().int().positive().max(2_147_483_647);
export const publicIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'not a ticket id');

export const roleSchema = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof roleSchema>;

/** Roles weakest first; a stronger role can do all a weaker one can. */
export const roleRank: Record<Role, number> = { operator: 0, supervisor: 1, admin: 2 };

/** Opening hours: for each weekday (0 = Sunday) the open and close time in the center's zone. */
export const openingHoursSchema = z
  .array(
    z.object({
      days: z.array(z.number().int().min(0).max(6)).min(1),
      open: z.string().regex(/^\d{2}:\d{2}$/),
      close: z.string().regex(/^\d{2}:\d{2}$/),
    }),
  )
  .max(14)
  .nullable()
  .meta({ id: 'OpeningHours' });
export type OpeningHours = z.infer<typeof openingHoursSchema>;

import { z } from 'zod';

export const isoTime = z.string().describe('ISO-8601 UTC timestamp with milliseconds');
export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

/** A name shown to citizens: English and Urdu, more languages may be added. */
export const localizedSchema = z
  .object({ en: z.string().trim().min(1).max(200), ur: z.string().trim().min(1).max(200) })
  .catchall(z.string().max(200))
  .meta({ id: 'Localized' });
export type Localized = z.infer<typeof localizedSchema>;

export const languageSchema = z.enum(['en', 'ur']);
export type Language = z.infer<typeof languageSchema>;

export const centerIdSchema = z.string().regex(/^[a-z0-9-]{2,32}$/, 'a center id is 2–32 of a-z, 0-9 and -');
/** An integer id in a path or query string. */
export const intId = z.coerce.number().int().positive().max(2_147_483_647);
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

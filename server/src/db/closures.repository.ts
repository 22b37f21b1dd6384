import type { Executor } from './database';
import { prepared, read, type Read } from './prepared';
import { setupChanged } from './setup-cache';
import type { CenterHolidaysTable } from './schema';
import type { Selectable } from 'kysely';

export type HolidayRow = Selectable<CenterHolidaysTable>;

/** A centre's holidays from `fromDate` on (every one without it), in date order. */
export function listHolidays(ex: Executor, centerId: string, fromDate?: string): Promise<HolidayRow[]> {
  let q = ex.selectFrom('center_holidays').selectAll().where('center_id', '=', centerId);
  if (fromDate !== undefined) q = q.where('date', '>=', fromDate);
  return q.orderBy('date').execute();
}

/** The centre's holiday on a local day, if it is one. */
const selectHoliday = prepared((ex, a: { centerId: string; date: string }) => ex.selectFrom('center_holidays').selectAll().where('center_id', '=', a.centerId).where('date', '=', a.date));

export async function findHoliday(ex: Executor, centerId: string, date: string): Promise<HolidayRow | undefined> {
  return (await selectHoliday(ex, { centerId, date })).rows[0];
}

const selectHolidaysBetween = prepared((ex, a: { centerId: string; from: string; to: string }) =>
  ex.selectFrom('center_holidays').selectAll().where('center_id', '=', a.centerId).where('date', '>=', a.from).where('date', '<=', a.to),
);

/**
 * The centre's holidays on every local day `now` can be in, whatever its time zone (the UTC date ± 1), for a
 * read made with the centre's own before its zone is known: the caller picks its local day's.
 */
export const holidaysAroundRead = (centerId: string, now: Date): Read<HolidayRow[]> => {
  const utcDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return read(selectHolidaysBetween, { centerId, from: utcDate(now.getTime() - 86_400_000), to: utcDate(now.getTime() + 86_400_000) }, (rows) => rows);
};

export async function insertHoliday(ex: Executor, row: HolidayRow): Promise<void> {
  await ex.insertInto('center_holidays').values(row).execute();
  setupChanged(ex);
}

/** Removes a holiday; answers whether there was one. */
export async function deleteHoliday(ex: Executor, centerId: string, date: string): Promise<boolean> {
  const result = await ex.deleteFrom('center_holidays').where('center_id', '=', centerId).where('date', '=', date).executeTakeFirst();
  setupChanged(ex);
  return Number(result.numDeletedRows) === 1;
}

/** Sets (JSON) or clears (null) the centre's stop on issuing. */
export async function setCenterIssuingStop(ex: Executor, centerId: string, stop: string | null): Promise<void> {
  await ex.updateTable('centers').set({ issuing_stop: stop }).where('id', '=', centerId).execute();
  setupChanged(ex);
}

/** Sets (JSON) or clears (null) a service's stop on issuing. */
export async function setServiceIssuingStop(ex: Executor, serviceId: number, stop: string | null): Promise<void> {
  await ex.updateTable('services').set({ issuing_stop: stop }).where('id', '=', serviceId).execute();
  setupChanged(ex);
}

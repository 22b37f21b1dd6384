import { AppError, type CreateHolidayBody, type Holiday, type IssuingState, type IssuingStop, type SetIssuingStopBody, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { deleteHoliday, findHoliday, insertHoliday, listHolidays as listHolidayRows, setCenterIssuingStop, setServiceIssuingStop } from '../db/closures.repository';
import { listServices } from '../db/services.repository';
import { orThrow } from '../domain/decision';
import { decideStop, isStopInForce } from '../domain/closures';
import { serviceDay } from '../domain/time';
import { requireCenter, requireService } from './lookups';
import { issuingStopOf, toHoliday } from './views/center.view';
import { audited } from './admin/audited';

// Holidays and "stop issuing now" (issue 20). The rules are in domain/closures; issuing, the kiosk's
// service list and booking read what is stored here. Every change is audited and tells the centre's
// kiosks to reload their service list (`center.changed`).

/** A centre's holidays, in date order (from `from` on, when given). */
export async function listHolidays(ctx: ServiceContext, centerId: string, from?: string): Promise<Holiday[]> {
  await requireCenter(ctx.database.db, centerId);
  return (await listHolidayRows(ctx.database.db, centerId, from)).map((r) => toHoliday(r) as Holiday);
}

/** Declares a day closed; the same day twice is ALREADY_EXISTS. */
export function addHoliday(ctx: ServiceContext, actor: User, centerId: string, body: CreateHolidayBody): Promise<Holiday> {
  return audited(ctx, actor, centerId, 'center', 'add-holiday', async (trx) => {
    await requireCenter(trx, centerId);
    if (await findHoliday(trx, centerId, body.date)) throw new AppError('ALREADY_EXISTS', `${body.date} is already a holiday`);
    await insertHoliday(trx, { center_id: centerId, date: body.date, reason: body.reason, created_at: ctx.clock.now().toISOString() });
    return { id: centerId, value: { date: body.date, reason: body.reason }, data: body };
  });
}

/** Opens a declared holiday again; HOLIDAY_NOT_FOUND when the day is not one. */
export function removeHoliday(ctx: ServiceContext, actor: User, centerId: string, date: string): Promise<void> {
  return audited(ctx, actor, centerId, 'center', 'remove-holiday', async (trx) => {
    await requireCenter(trx, centerId);
    if (!(await deleteHoliday(trx, centerId, date))) throw new AppError('HOLIDAY_NOT_FOUND', `${date} is not a holiday here`);
    return { id: centerId, value: undefined, data: { date } };
  });
}

/** Today's holiday and the stops in force, of the centre and of each active service. */
export async function issuingState(ctx: ServiceContext, centerId: string): Promise<IssuingState> {
  const ex = ctx.database.db;
  const now = ctx.clock.now();
  const center = await requireCenter(ex, centerId);
  const inForce = (stop: IssuingStop | null) => (isStopInForce(stop, now) ? stop : null);
  return {
    centerId,
    holidayToday: toHoliday(await findHoliday(ex, centerId, serviceDay(now, center.timezone))),
    center: inForce(issuingStopOf(center)),
    services: (await listServices(ex, centerId)).filter((s) => s.active === 1).map((s) => ({ serviceId: s.id, stop: inForce(issuingStopOf(s)) })),
  };
}

/**
 * Stops issuing now, for the whole centre or (with `serviceId`) one of its services, until cleared or
 * until `until`; a new stop replaces the one before. Appointments still check in.
 */
export function stopIssuing(ctx: ServiceContext, actor: User, target: { centerId: string } | { serviceId: number }, body: SetIssuingStopBody): Promise<IssuingStop> {
  const { stop } = orThrow(decideStop(body, ctx.clock.now()));
  return changeStop(ctx, actor, target, 'stop-issuing', stop);
}

/** Issuing resumes (nothing to do when it was not stopped). */
export async function resumeIssuing(ctx: ServiceContext, actor: User, target: { centerId: string } | { serviceId: number }): Promise<void> {
  await changeStop(ctx, actor, target, 'resume-issuing', null);
}

async function changeStop<S extends IssuingStop | null>(ctx: ServiceContext, actor: User, target: { centerId: string } | { serviceId: number }, action: string, stop: S): Promise<S> {
  const json = stop === null ? null : JSON.stringify(stop);
  if ('centerId' in target) {
    return audited(ctx, actor, target.centerId, 'center', action, async (trx) => {
      await requireCenter(trx, target.centerId);
      await setCenterIssuingStop(trx, target.centerId, json);
      return { id: target.centerId, value: stop, data: stop };
    });
  }
  const service = await requireService(ctx.database.db, target.serviceId);
  return audited(ctx, actor, service.center_id, 'service', action, async (trx) => {
    await setServiceIssuingStop(trx, service.id, json);
    return { id: service.id, value: stop, data: stop };
  });
}

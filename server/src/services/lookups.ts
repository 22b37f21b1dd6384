import { AppError } from '@navbat/shared';
import type { Executor } from '../db/database';
import type { CenterRow, CounterRow, ServiceGroupRow, ServiceRow, TicketRow, UserRow } from '../db/schema';
import { findCenter } from '../db/centers.repository';
import { findCounter } from '../db/counters.repository';
import { findService, findServiceGroup } from '../db/services.repository';
import { findTicket, findTicketByPublicId } from '../db/tickets.repository';
import { findUser } from '../db/users.repository';
import { orThrow } from '../domain/decision';
import { decideRange } from '../domain/stats';
import { serviceDay } from '../domain/time';

// Reads of one row that a command cannot do without: a missing row ends the command with its NOT_FOUND code.

/** The center, or CENTER_NOT_FOUND. */
export async function requireCenter(ex: Executor, id: string): Promise<CenterRow> {
  const row = await findCenter(ex, id);
  if (!row) throw new AppError('CENTER_NOT_FOUND', `no center ${id}`);
  return row;
}

/** The hall service, or SERVICE_NOT_FOUND. */
export async function requireService(ex: Executor, id: number): Promise<ServiceRow> {
  const row = await findService(ex, id);
  if (!row) throw new AppError('SERVICE_NOT_FOUND', `no service ${id}`);
  return row;
}

/** The service group, or SERVICE_GROUP_NOT_FOUND. */
export async function requireGroup(ex: Executor, id: number): Promise<ServiceGroupRow> {
  const row = await findServiceGroup(ex, id);
  if (!row) throw new AppError('SERVICE_GROUP_NOT_FOUND', `no group ${id}`);
  return row;
}

/** The counter, or COUNTER_NOT_FOUND. */
export async function requireCounter(ex: Executor, id: number): Promise<CounterRow> {
  return foundCounter(await findCounter(ex, id), id);
}

/** A counter read with other things (`counterRead`), or COUNTER_NOT_FOUND. */
export function foundCounter(row: CounterRow | undefined, id: number): CounterRow {
  if (!row) throw new AppError('COUNTER_NOT_FOUND', `no counter ${id}`);
  return row;
}

/** The ticket by id, or TICKET_NOT_FOUND. */
export async function requireTicket(ex: Executor, id: number): Promise<TicketRow> {
  const row = await findTicket(ex, id);
  if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
  return row;
}

/** The ticket by its public id, or TICKET_NOT_FOUND. */
export async function requireTicketByPublicId(ex: Executor, publicId: string): Promise<TicketRow> {
  const row = await findTicketByPublicId(ex, publicId);
  if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
  return row;
}

/** The user, or USER_NOT_FOUND. */
export async function requireUser(ex: Executor, id: number): Promise<UserRow> {
  const row = await findUser(ex, id);
  if (!row) throw new AppError('USER_NOT_FOUND', `no user ${id}`);
  return row;
}

/** The center and the local days a report covers (today by default; VALIDATION_ERROR when `from` > `to`). */
export async function requireReportRange(
  ex: Executor,
  centerId: string,
  now: Date,
  range: { from?: string | undefined; to?: string | undefined },
): Promise<{ center: CenterRow; from: string; to: string }> {
  const center = await requireCenter(ex, centerId);
  const { from, to } = orThrow(decideRange(serviceDay(now, center.timezone), range));
  return { center, from, to };
}

/** A command's ticket was changed by another request between its read and its write (`updateTicketOrFail`). */
export const ticketChangedMeanwhile = (): AppError => new AppError('CONFLICT', 'the ticket changed meanwhile');

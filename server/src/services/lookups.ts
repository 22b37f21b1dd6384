import { AppError } from '@navbat/shared';
import type { Executor } from '../db/database';
import type { CenterRow, CounterRow, TicketRow } from '../db/schema';
import { findCenter } from '../db/centers.repository';
import { findCounter } from '../db/counters.repository';
import { findTicket, findTicketByPublicId } from '../db/tickets.repository';

// The "find it or answer 404" reads the services share. Not a service module: nothing here is bound.

/** The centre's row, or CENTER_NOT_FOUND. */
export async function requireCenterRow(ex: Executor, centerId: string): Promise<CenterRow> {
  const center = await findCenter(ex, centerId);
  if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
  return center;
}

/** The counter's row, or COUNTER_NOT_FOUND. */
export async function requireCounterRow(ex: Executor, counterId: number): Promise<CounterRow> {
  const counter = await findCounter(ex, counterId);
  if (!counter) throw new AppError('COUNTER_NOT_FOUND', `no counter ${counterId}`);
  return counter;
}

/** The ticket's row by its public id, or TICKET_NOT_FOUND. */
export async function requireTicketByPublicId(ex: Executor, publicId: string): Promise<TicketRow> {
  const row = await findTicketByPublicId(ex, publicId);
  if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
  return row;
}

/** The ticket's row by id, or TICKET_NOT_FOUND. */
export async function requireTicketRow(ex: Executor, ticketId: number): Promise<TicketRow> {
  const row = await findTicket(ex, ticketId);
  if (!row) throw new AppError('TICKET_NOT_FOUND', 'no such ticket');
  return row;
}

import type { Ticket, TicketStatus } from '@navbat/shared';
import type { ServiceContext } from './context';
import { findTicketByPublicId, findTicketsByIds } from '../db/tickets.repository';
import { viewTickets } from './views/ticket.view';

// What live screens read between commands: realtime learns of changes from events and reads only here.

/** The public views of some tickets, read in one batch (for tickets whose line moved under them). */
export async function ticketViews(ctx: ServiceContext, ticketIds: readonly number[]): Promise<Ticket[]> {
  if (ticketIds.length === 0) return [];
  const db = ctx.database.db;
  return viewTickets(db, await findTicketsByIds(db, ticketIds), ctx.clock.now());
}

/** What a phone following a ticket is attached to, by the ticket's public id; null when there is no such ticket. */
export async function watchedTicket(
  ctx: ServiceContext,
  publicId: string,
): Promise<{ publicId: string; centerId: string; serviceId: number; ticketId: number; status: TicketStatus } | null> {
  const row = await findTicketByPublicId(ctx.database.db, publicId);
  if (!row) return null;
  return { publicId: row.public_id, centerId: row.center_id, serviceId: row.service_id, ticketId: row.id, status: row.status };
}

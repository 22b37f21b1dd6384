import type { Executor } from './database';
import type { TicketRow, TicketUpdate } from './schema';

// Fees and the fee authority's notices (journeys and fees, issue 17).

/** The ticket that holds a PSID, if any. */
export function findTicketByPsid(ex: Executor, psid: string): Promise<TicketRow | undefined> {
  return ex.selectFrom('tickets').selectAll().where('psid', '=', psid).executeTakeFirst();
}

/** Writes payment (or journey) columns of a ticket. */
export async function updateTicketColumns(ex: Executor, id: number, patch: TicketUpdate): Promise<void> {
  await ex.updateTable('tickets').set(patch).where('id', '=', id).execute();
}

/** Records a notice's `webhook-id`; answers false when it was taken before (a replay). */
export async function recordPaymentNotice(ex: Executor, webhookId: string, ticketId: number, receivedAt: string): Promise<boolean> {
  const row = await ex
    .insertInto('payment_notices')
    .values({ webhook_id: webhookId, ticket_id: ticketId, received_at: receivedAt })
    .onConflict((oc) => oc.column('webhook_id').doNothing())
    .returning('webhook_id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a notice with this `webhook-id` was taken before. */
export async function paymentNoticeSeen(ex: Executor, webhookId: string): Promise<number | null> {
  const row = await ex.selectFrom('payment_notices').select('ticket_id').where('webhook_id', '=', webhookId).executeTakeFirst();
  return row ? row.ticket_id : null;
}

import type { ServiceContext } from './context';
import type { DomainEvent } from './events';
import { inTransaction, rollback } from '../db/transaction';
import { bumpDisplaySeq, listCenters } from '../db/centers.repository';
import { appendTicketEvent, countAheadInLine } from '../db/tickets.repository';
import { expireHeldTickets, listNotArrivedWaiting, setArrivalDue } from '../db/remote-join.repository';
import { decideHold } from '../domain/booking';
import { recordOutbox } from './outbox';
import { remoteJoinOf } from './views/booking.view';
import { viewTickets } from './views/ticket.view';

/**
 * The remote-hold job: a remote ticket that reaches the front of its line without having arrived is
 * held `holdMinutes`, then expires. Conditional updates: a restart or a second instance expires nothing
 * twice. Answers how many expired.
 */
export async function expireRemoteHolds(ctx: ServiceContext): Promise<number> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  let total = 0;
  for (const center of await listCenters(ctx.database.db)) {
    const { holdMinutes } = remoteJoinOf(center);
    const event = await inTransaction(ctx.database, async (trx) => {
      const remote = await listNotArrivedWaiting(trx, center.id);
      if (remote.length === 0) return rollback(null);
      const expire: number[] = [];
      for (const t of remote) {
        const first = t.transfer_counter_id === null && (await countAheadInLine(trx, t, nowIso)) === 0;
        const hold = decideHold({ first, dueAt: t.arrival_due_at }, now, holdMinutes);
        if (hold.kind === 'hold') await setArrivalDue(trx, t.id, hold.dueAt);
        if (hold.kind === 'expire') expire.push(t.id);
      }
      if (expire.length === 0) return null;
      const seq = (await bumpDisplaySeq(trx, center.id))!;
      const expired = new Set(await expireHeldTickets(trx, expire, nowIso));
      const rows = remote.filter((t) => expired.has(t.id));
      for (const t of rows) await appendTicketEvent(trx, { ticketId: t.id, centerId: center.id, type: 'expired', at: nowIso, actorId: null, counterId: null, data: { reason: 'not arrived' } });
      const event = {
        type: 'tickets.expired',
        centerId: center.id,
        ticketIds: rows.map((t) => t.id),
        serviceIds: [...new Set(rows.map((t) => t.service_id))],
        seq,
        tickets: await viewTickets(trx, rows.map((t) => ({ ...t, status: 'expired', finished_at: nowIso })), now),
      } satisfies DomainEvent;
      await recordOutbox(trx, [event], now);
      return event;
    });
    if (event === null || event.ticketIds.length === 0) continue;
    total += event.ticketIds.length;
    ctx.publish([event]);
  }
  return total;
}

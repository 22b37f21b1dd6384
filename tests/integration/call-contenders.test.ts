import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listCallCandidates, listCallContenders } from '../../server/src/db/tickets.repository';
import { pickNext } from '../../server/src/domain/call-order';
import { toCandidate } from '../../server/src/services/views/ticket.view';
import { useTestApp } from '../support/test-app';

// `call-next` reads only the few tickets that can win (listCallContenders) instead of the whole line. For
// any waiting room, the call order must pick the same ticket from those as from every eligible ticket.
const t = useTestApp();

const base = Date.parse('2026-11-24T05:00:00.000Z');
const waitingTicket = fc.record({
  serviceId: fc.constantFrom(1, 2, 3),
  priority: fc.constantFrom('none', 'none', 'none', 'senior'),
  issuedMinute: fc.integer({ min: 0, max: 120 }),
  transfer: fc.constantFrom(null, null, null, 'front', 'sorted', 'to-counter-1', 'to-counter-2', 'held-by-1', 'held-by-2'),
  // A hold (control room) runs out at this minute: before `now` the ticket is back (first of its counter's calls).
  holdMinute: fc.integer({ min: 0, max: 240 }),
  // Mostly walk-ins; now and then an appointment, due or not.
  appointmentMinute: fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 240 }) }),
  // Journeys: now and then a ticket that entered this stop's line later than it was issued (it ages from then).
  stopEnteredAfter: fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 150 }) }),
  // payBeforeCall: now and then a ticket whose fee must be paid before it is called.
  awaitingPayment: fc.boolean(),
});

describe('call-next contenders', () => {
  it('pickNext chooses the same ticket from the contenders as from all eligible tickets', async () => {
    const db = t.database.db;
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(waitingTicket, { minLength: 0, maxLength: 25 }),
        fc.integer({ min: 0, max: 4 }),
        fc.integer({ min: 60, max: 200 }),
        async (tickets, priorityStreak, nowMinute) => {
          round++;
          await db.deleteFrom('tickets').execute();
          for (const [i, x] of tickets.entries()) {
            const issued = new Date(base + x.issuedMinute * 60_000).toISOString();
            const queued = x.transfer === 'front' ? new Date(base + (x.issuedMinute + 30) * 60_000).toISOString() : issued;
            await db
              .insertInto('tickets')
              .values({
                public_id: `p${round}x${i}`,
                center_id: 'isb-g9',
                service_id: x.serviceId,
                service_day: '2026-11-24',
                number: i + 1,
                code: `Q${round}-${i}`,
                status: 'waiting',
                priority: x.priority,
                channel: 'kiosk',
                language: 'en',
                issued_at: issued,
                queued_at: queued,
                appointment_at: x.appointmentMinute === null ? null : new Date(base + x.appointmentMinute * 60_000).toISOString(),
                transfer_counter_id: x.transfer === 'to-counter-1' || x.transfer === 'held-by-1' ? 1 : x.transfer === 'to-counter-2' || x.transfer === 'held-by-2' ? 2 : null,
                transfer_placement: x.transfer === 'front' ? 'front' : x.transfer === null || x.transfer.startsWith('held') ? null : 'sorted',
                hold_until: x.transfer?.startsWith('held') ? new Date(base + x.holdMinute * 60_000).toISOString() : null,
                recall_count: 0,
                stop_entered_at: x.stopEnteredAfter === null ? null : new Date(base + (x.issuedMinute + x.stopEnteredAfter) * 60_000).toISOString(),
                awaiting_payment: x.awaitingPayment ? 1 : 0,
              } as never)
              .execute();
          }
          const now = new Date(base + nowMinute * 60_000);
          const ctx = { counterId: 1, weights: new Map([[1, 2], [2, 1]]), slaTargetMinutes: new Map([[1, 20], [2, 30], [3, 25]]), priorityStreak, priorityRun: 3, now };
          const serviceIds = [...ctx.weights.keys()];
          const all = await listCallCandidates(db, 'isb-g9', 1, serviceIds);
          const few = await listCallContenders(db, 'isb-g9', 1, serviceIds, { now, slaTargetMinutes: ctx.slaTargetMinutes });
          expect(few.length).toBeLessThanOrEqual(all.length);
          const picked = pickNext(all.map(toCandidate), ctx);
          expect(pickNext(few.map(toCandidate), ctx)?.id ?? null).toBe(picked?.id ?? null);
          // A ticket held for its fee is never called.
          if (picked) expect(all.find((r) => r.id === picked.id)?.awaiting_payment).toBe(0);
          // A ticket a counter holds aside is never called, and never by another counter once it is back.
          const row = picked ? all.find((r) => r.id === picked.id) : undefined;
          if (row?.hold_until) {
            expect(row.hold_until <= now.toISOString()).toBe(true);
            expect(row.transfer_counter_id).toBe(1);
          }
          const back = all.filter((r) => r.transfer_counter_id === 1 && r.hold_until !== null && r.hold_until <= now.toISOString() && r.awaiting_payment === 0 && r.arrived !== 0);
          if (back.length > 0) expect(back.map((r) => r.id)).toContain(picked?.id);
        },
      ),
      { numRuns: 200 },
    );
  });
});

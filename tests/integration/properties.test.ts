import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hallCommands } from '../support/hall-commands';
import { createTestApp, staffClient } from '../support/test-app';
import { lineSizes } from '../support/line-sizes';

/**
 * Random command sequences through the real app (HTTP routes, services, database). After every step:
 * at most one unfinished ticket per counter, no ticket in two places, positions 1..n without gaps in
 * every service's line, FIFO within a class; at the end the statistics equal the events.
 */
const commandArb = hallCommands(4, { min: 1, max: 3 });

interface QueueTicket {
  id: number;
  serviceId: number;
  position: number;
  status: string;
  counterId: number | null;
}

describe('properties of the real app under random command sequences', () => {
  it('invariants hold after every step, and the statistics equal the events', { timeout: 180_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(commandArb, { minLength: 5, maxLength: 30 }), async (commands) => {
        const t = await createTestApp();
        try {
          const ops = await Promise.all(['operator1', 'operator2', 'operator3'].map((u) => staffClient(t.app, u)));
          const supervisor = await staffClient(t.app, 'supervisor');
          // Counter 1 serves the first services in the demo; 2 and 3 add others. Each operator opens theirs.
          for (let i = 0; i < 3; i++) expect((await ops[i]!('POST', `/api/v1/counters/${i + 1}/open`)).status).toBe(200);
          const model = { issued: 0, served: 0, noShow: 0, cancelled: 0 };
          const waitingPublicIds = new Map<number, string>();

          for (const cmd of commands) {
            t.clock.advance(10_000);
            if (cmd.kind === 'issue') {
              const res = await t.app.inject({ method: 'POST', url: '/api/v1/centers/isb-g9/tickets', payload: { serviceId: cmd.serviceId, ...(cmd.priority ? { priority: 'senior' } : {}) } });
              expect(res.statusCode).toBe(201);
              model.issued++;
              const ticket = res.json().ticket as { id: number; publicId: string };
              waitingPublicIds.set(ticket.id, ticket.publicId);
            } else if (cmd.kind === 'cancel') {
              const ids = [...waitingPublicIds.keys()];
              if (ids.length === 0) continue;
              const id = ids[cmd.pick % ids.length] as number;
              const res = await t.app.inject({ method: 'POST', url: `/api/v1/tickets/${waitingPublicIds.get(id)}/cancel` });
              expect(res.statusCode).toBe(200);
              waitingPublicIds.delete(id);
              model.cancelled++;
            } else {
              const op = ops[cmd.counter - 1]!;
              const path = { callNext: 'call-next', start: 'start', complete: 'complete', noShow: 'no-show' }[cmd.kind];
              const res = await op('POST', `/api/v1/counters/${cmd.counter}/${path}`, cmd.kind === 'complete' ? {} : undefined);
              // Refusals are typed 409s (holding a ticket, none held, wrong state) and change nothing.
              expect([200, 204, 409], `${path} → ${res.status} ${JSON.stringify(res.body)}`).toContain(res.status);
              if (res.status === 200) {
                const ticket = (res.body as { ticket: { id: number; status: string } }).ticket;
                if (cmd.kind === 'callNext') waitingPublicIds.delete(ticket.id);
                if (cmd.kind === 'complete') model.served++;
                if (cmd.kind === 'noShow') model.noShow++;
              }
            }

            // ---- invariants ----
            const rows = await t.database.db.selectFrom('tickets').select(['id', 'service_id', 'priority', 'status', 'counter_id', 'first_called_at']).execute();
            const active = rows.filter((r) => r.status === 'called' || r.status === 'serving');
            const perCounter = new Map<number, number>();
            for (const r of active) perCounter.set(r.counter_id as number, (perCounter.get(r.counter_id as number) ?? 0) + 1);
            for (const n of perCounter.values()) expect(n).toBe(1);
            for (const r of active) expect(r.counter_id).not.toBeNull();

            const queue = (await ops[0]!('GET', '/api/v1/centers/isb-g9/queue')).body as QueueTicket[];
            const waitingRows = rows.filter((r) => r.status === 'waiting');
            // Every waiting ticket is in the line exactly once; nothing else is.
            expect(queue.map((q) => q.id).sort((a, b) => a - b)).toEqual(waitingRows.map((r) => r.id).sort((a, b) => a - b));
            for (const q of queue) expect([q.status, q.counterId]).toEqual(['waiting', null]);
            for (const serviceId of new Set(queue.map((q) => q.serviceId))) {
              const positions = queue.filter((q) => q.serviceId === serviceId).map((q) => q.position).sort((a, b) => a - b);
              expect(positions).toEqual(positions.map((_, i) => i + 1));
            }
            // Each line's size kept by triggers (issuing reads it): always the line's count; its latest queue time never too early.
            const { kept, counted, queuedAfterKept } = await lineSizes(t.database.db);
            expect(kept).toEqual(counted);
            expect(queuedAfterKept).toEqual([]);
            // FIFO within a class: in each service and priority class, calls happened in issue order.
            const called = rows.filter((r) => r.first_called_at !== null);
            for (const key of new Set(called.map((r) => `${r.service_id}/${r.priority}`))) {
              const ofClass = called.filter((r) => `${r.service_id}/${r.priority}` === key).sort((a, b) => (a.first_called_at! < b.first_called_at! ? -1 : a.first_called_at! > b.first_called_at! ? 1 : a.id - b.id));
              expect(ofClass.map((r) => r.id)).toEqual([...ofClass].sort((a, b) => a.id - b.id).map((r) => r.id));
            }
          }

          // ---- statistics equal the events ----
          const stats = await supervisor('GET', '/api/v1/centers/isb-g9/stats');
          expect(stats.status).toBe(200);
          const totals = (stats.body as { totals: { issued: number; served: number; noShow: number; cancelled: number } }).totals;
          expect({ issued: totals.issued, served: totals.served, noShow: totals.noShow, cancelled: totals.cancelled }).toEqual(model);
          const events = await t.database.db.selectFrom('ticket_events').select(['type']).execute();
          const count = (type: string) => events.filter((e) => e.type === type).length;
          expect(count('issued')).toBe(model.issued);
          expect(count('cancelled')).toBe(model.cancelled);
        } finally {
          await t.close();
        }
      }),
      { numRuns: 6 },
    );
  });
});

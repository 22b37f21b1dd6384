import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countAheadInLine, lineRankSql, listLineHead } from '../../server/src/db/tickets.repository';
import { lineClasses, serviceLine, type LineClass } from '../../server/src/domain/call-order';
import { toCandidate } from '../../server/src/services/views/ticket.view';
import { issue, staffClient, useTestApp } from '../support/test-app';

// A ticket's position is counted in SQL when one or two tickets are shown (a command's answer, the phone
// page) and read from the whole line when many are (queues). Both must agree with the call order.
const t = useTestApp();

describe('positions in a line', () => {
  it('are 1..n in call order, the same whether counted for one ticket or read for the whole line', async () => {
    const op1 = await staffClient(t.app, 'operator1');
    const issued: { publicId: string; position: number }[] = [];
    t.clock.advance(-60_000);
    for (let i = 0; i < 2; i++) expect((await issue(t.app, 3)).status).toBe(201);
    t.clock.advance(60_000);
    // Service A (1) at counter 1: a mix of plain and priority tickets, some at the same instant.
    for (const [i, priority] of ['none', 'none', 'senior', 'none', 'disability', 'none', 'senior', 'none'].entries()) {
      if (i % 3 === 0) t.clock.advance(1_000);
      const r = await issue(t.app, 1, priority === 'none' ? {} : { priority });
      expect(r.status).toBe(201);
      issued.push(r.body.ticket);
    }
    // Two tickets of service P (3), issued first, come to A from counter 4 (keeping their numbers, which A
    // has given out too): one to the front of the line,
    // one sorted by its issue time.
    const op2 = await staffClient(t.app, 'operator2');
    expect((await op2('POST', '/api/v1/counters/4/open')).status).toBe(200);
    for (const placement of ['front', 'sorted']) {
      t.clock.advance(1_000);
      const called = await op2('POST', '/api/v1/counters/4/call-next');
      expect(called.status).toBe(200);
      const moved = await op2('POST', '/api/v1/counters/4/transfer', { serviceId: 1, placement });
      expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    }
    t.clock.advance(1_000);
    issued.push((await issue(t.app, 1)).body.ticket);

    const line = (await op1('GET', '/api/v1/centers/isb-g9/queue')).body as { publicId: string; serviceId: number; position: number }[];
    const lineA = line.filter((x) => x.serviceId === 1);
    expect(lineA.length).toBe(11);
    expect(lineA.map((x) => x.position)).toEqual(lineA.map((_, i) => i + 1));
    for (const ticket of lineA) {
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/tickets/${ticket.publicId}` });
      expect(one.json().ticket.position, ticket.publicId).toBe(ticket.position);
    }
    // The last ticket issued was told the end of the line.
    expect(issued.at(-1)!.position).toBe(lineA.length);
  });
});

/** A different order than the hall's, to show a change to the definition reaches the SQL too. */
const changedClasses: readonly LineClass[] = [
  { name: 'priority', when: { field: 'priority', isNot: 'none' } },
  { name: 'sorted transfer', when: { field: 'transferPlacement', is: 'sorted' } },
  { name: 'appointment', when: { field: 'appointmentAt', due: true } },
];

describe('the SQL line rank is generated from the domain definition', () => {
  it('compiles lineClasses into the index-friendly CASE countAheadInLine uses', () => {
    const compiled = lineRankSql('2026-11-24T06:00:00.000Z').compile(t.database.db);
    expect(compiled.sql.replace(/\$\d+/g, '?')).toBe(
      `(case when "hold_until" is not null and "hold_until" <= ? then 0 when "transfer_placement" = 'front' then 1 when "appointment_at" is not null and "appointment_at" <= ? then 2 when "priority" <> 'none' then 3 else 4 end)`,
    );
    expect(lineClasses.map((c) => c.name)).toEqual(['returned', 'front', 'appointment', 'priority']);
  });

  it('for any line and any definition, counting ahead in SQL gives the position the domain orders', async () => {
    const db = t.database.db;
    const base = Date.parse('2026-11-24T05:00:00.000Z');
    const at = (minute: number) => new Date(base + minute * 60_000).toISOString();
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            priority: fc.constantFrom('none', 'none', 'senior'),
            queuedMinute: fc.integer({ min: 0, max: 30 }),
            placement: fc.constantFrom(null, null, 'front', 'sorted'),
            appointmentMinute: fc.option(fc.integer({ min: 0, max: 90 }), { freq: 3 }),
          }),
          { maxLength: 15 },
        ),
        fc.integer({ min: 0, max: 90 }),
        fc.boolean(),
        async (tickets, nowMinute, changed) => {
          round++;
          await db.deleteFrom('tickets').execute();
          for (const [i, x] of tickets.entries()) {
            await db
              .insertInto('tickets')
              .values({
                public_id: `pos${round}x${i}`,
                center_id: 'isb-g9',
                service_id: 1,
                service_day: '2026-11-24',
                number: i + 1,
                code: `P${round}-${i}`,
                status: 'waiting',
                priority: x.priority,
                channel: 'kiosk',
                language: 'en',
                issued_at: at(x.queuedMinute),
                queued_at: at(x.queuedMinute),
                appointment_at: x.appointmentMinute === null ? null : at(x.appointmentMinute),
                transfer_placement: x.placement,
                recall_count: 0,
              } as never)
              .execute();
          }
          const classes = changed ? changedClasses : lineClasses;
          const now = new Date(base + nowMinute * 60_000);
          const rows = await db.selectFrom('tickets').selectAll().execute();
          const line = serviceLine(rows.map(toCandidate), now, classes).map((c) => c.id);
          for (const row of rows) {
            const ahead = await countAheadInLine(db, row, now.toISOString(), classes);
            expect(ahead + 1, `ticket ${row.id}`).toBe(line.indexOf(row.id) + 1);
          }
          // The head of the line (near messages) is the line's first tickets in the same order.
          for (const k of [1, 3, 20]) expect(await listLineHead(db, 'isb-g9', 1, k, now.toISOString(), classes)).toEqual(line.slice(0, k));
          // Issuing counts before its insert (id null: newer than every ticket there): without the newest ticket in the
          // table, that count is the newest ticket's count once it is there.
          const newest = rows.reduce<(typeof rows)[number] | undefined>((a, r) => (a && a.id > r.id ? a : r), undefined);
          if (newest && newest.transfer_counter_id === null) {
            await db.deleteFrom('tickets').where('id', '=', newest.id).execute();
            const counted = await countAheadInLine(db, { ...newest, id: null }, now.toISOString(), classes);
            expect(counted, 'newest ticket counted before its insert').toBe(line.indexOf(newest.id));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});


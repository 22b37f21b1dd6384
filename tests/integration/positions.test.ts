import { describe, expect, it } from 'vitest';
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

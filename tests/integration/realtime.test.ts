import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, issue, login, staffClient, type TestApp } from '../support/test-app';
import { connectRecording, type RecordingSocket } from '../support/sockets';

let t: TestApp;
let url: string;
const sockets: RecordingSocket[] = [];

beforeEach(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  await t.close();
});

async function connect(namespace: string, auth: object, cookie?: string) {
  const s = await connectRecording(url, namespace, auth, cookie ? { cookie } : {});
  sockets.push(s);
  return s;
}

const settle = async () => {
  await new Promise((r) => setTimeout(r, 50));
  await t.app.realtimeIdle();
  await new Promise((r) => setTimeout(r, 100));
};

describe('realtime', () => {
  it("a call reaches the hall displays and the ticket holder's phone", async () => {
    const ticket = (await issue(t.app, 1)).body.ticket;
    const hall = await connect('/display', { centerId: 'isb-g9' });
    const hallA = await connect('/display', { centerId: 'isb-g9', zone: 'hall-a' });
    const phone = await connect('/ticket', { publicId: ticket.publicId });
    const snapshot = await hall.next('display:snapshot');
    expect(snapshot).toMatchObject({ centerId: 'isb-g9', zone: null, serving: [], waiting: [{ serviceId: 1, count: 1 }] });
    expect((await phone.next('ticket:updated')).ticket).toMatchObject({ id: ticket.id, status: 'waiting', position: 1 });
    await hallA.next('display:snapshot');

    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');

    for (const display of [hall, hallA]) {
      const called = await display.next('ticket:called');
      expect(called).toEqual({
        seq: snapshot.seq + 1,
        centerId: 'isb-g9',
        ticketCode: 'A001',
        counterId: 1,
        counterName: '1',
        serviceId: 1,
        calledAt: '2026-11-24T05:00:00.000Z',
        recall: false,
      });
      const state = await display.next('display:updated');
      expect(state.seq).toBe(snapshot.seq + 1);
      expect(state.serving).toEqual([{ counterId: 1, counterName: '1', ticketCode: 'A001', serviceId: 1, calledAt: '2026-11-24T05:00:00.000Z' }]);
      expect(state.waiting).toEqual([]);
    }
    const update = await phone.until('ticket:updated', (p) => p.ticket.status !== 'waiting');
    expect(update.ticket).toMatchObject({ status: 'called', counterName: '1', position: null });
    expect(JSON.stringify(hall.events)).not.toContain(ticket.publicId);

    await op('POST', '/api/v1/counters/1/recall');
    expect(await hall.next('ticket:called')).toMatchObject({ seq: snapshot.seq + 2, recall: true });
  });

  it('a display of another zone sees no call of this zone, but its own state stays in step', async () => {
    const hallB = await connect('/display', { centerId: 'isb-g9', zone: 'hall-b' });
    const first = await hallB.next('display:snapshot');
    await issue(t.app, 1);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    await settle();
    expect(hallB.events.filter((e) => e.name === 'ticket:called')).toEqual([]);
    const updates = hallB.events.filter((e) => e.name === 'display:updated').map((e) => e.payload);
    expect(updates.at(-1).seq).toBeGreaterThan(first.seq);
    expect(updates.at(-1).serving).toEqual([]);
    const synced = await hallB.socket.emitWithAck('display:sync');
    expect(synced).toEqual({ ok: true, data: updates.at(-1) });
  });

  it('a refused command broadcasts nothing', async () => {
    await issue(t.app, 1);
    const hall = await connect('/display', { centerId: 'isb-g9' });
    const cookie = await login(t.app, 'supervisor', 'supervisor-demo');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, cookie);
    await hall.next('display:snapshot');
    await staff.next('queue:updated');
    await settle();
    const before = { hall: hall.events.length, staff: staff.events.length };
    const op = await staffClient(t.app, 'operator1');
    expect((await op('POST', '/api/v1/counters/1/call-next')).status).toBe(409); // counter not open
    expect((await op('POST', '/api/v1/counters/1/recall')).status).toBe(409);
    expect((await op('POST', '/api/v1/counters/999/call-next')).status).toBe(404);
    expect((await issue(t.app, 999)).status).toBe(404);
    await settle();
    expect(hall.events.length).toBe(before.hall);
    expect(staff.events.length).toBe(before.staff);
  });

  it('staff sockets need a session; staff see issues, calls and counters live', async () => {
    await expect(connectRecording(url, '/staff', { centerId: 'isb-g9' })).rejects.toThrow(/sign in/);
    await expect(connectRecording(url, '/display', { centerId: 'NOPE!' })).rejects.toThrow();
    await expect(connectRecording(url, '/ticket', { publicId: 'aaaaaaaaaaaaaaaaaaaa' })).rejects.toThrow(/no such ticket/);
    const cookie = await login(t.app, 'operator2', 'operator2-demo');
    const staff = await connect('/staff', { centerId: 'isb-g9' }, cookie);
    await staff.next('queue:updated');
    const ticket = (await issue(t.app, 3)).body.ticket;
    expect((await staff.next('ticket:issued')).ticket).toMatchObject({ id: ticket.id, code: 'P001' });
    const summary = await staff.next('queue:updated');
    expect(summary.services.find((s: { serviceId: number }) => s.serviceId === 3)).toMatchObject({ waiting: 1, longestWaitSeconds: 0 });
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/4/open');
    expect((await staff.next('counter:updated')).counter).toMatchObject({ id: 4, status: 'open' });
    const ack = await staff.socket.emitWithAck('queue:sync');
    expect(ack.ok).toBe(true);
  });

  it("phones follow their position as the line moves", async () => {
    const a = (await issue(t.app, 1)).body.ticket;
    const b = (await issue(t.app, 1)).body.ticket;
    const phoneB = await connect('/ticket', { publicId: b.publicId });
    expect((await phoneB.next('ticket:updated')).ticket.position).toBe(2);
    const op = await staffClient(t.app, 'operator1');
    await op('POST', '/api/v1/counters/1/open');
    await op('POST', '/api/v1/counters/1/call-next');
    const update = await phoneB.until('ticket:updated', (p) => p.ticket.position === 1);
    expect(update.ticket).toMatchObject({ id: b.id, status: 'waiting', position: 1 });
    expect(a.position).toBe(1);
  });
});

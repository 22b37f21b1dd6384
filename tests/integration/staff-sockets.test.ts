import { describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { useListeningApp } from '../support/listening-app';
import { login, staffClient } from '../support/test-app';

// A staff socket lives no longer than its session (server/src/realtime/socket.plugin.ts): a logout, a deactivated
// user or a new password closes that session's consoles at once on the instance where it happened; an expired
// session, or one ended elsewhere, is closed by the check every staffRecheckMs. The page reconnects and is refused.

const closed = (socket: Socket) =>
  new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the socket stayed open')), 3000);
    socket.once('disconnect', (reason) => (clearTimeout(timer), resolve(reason)));
  });

describe('staff sockets end with their session', () => {
  const t = useListeningApp();
  const console_ = (cookie: string) => t.connect('/staff', { centerId: 'isb-g9' }, cookie);
  const refusal = (cookie: string) =>
    new Promise<string>((resolve) => {
      const s = io(`${t.url}/staff`, { transports: ['websocket'], forceNew: true, reconnection: false, auth: { centerId: 'isb-g9' }, extraHeaders: { cookie } });
      s.once('connect', () => (s.close(), resolve('connected')));
      s.once('connect_error', (err: Error & { data?: { code?: string } }) => (s.close(), resolve(err.data?.code ?? 'refused')));
    });

  it('a logout closes that session’s sockets at once, not the same user’s other session', async () => {
    const cookie = await login(t.app, 'operator1', 'operator1-demo');
    const otherDevice = await login(t.app, 'operator1', 'operator1-demo');
    const mine = await console_(cookie);
    const other = await console_(otherDevice);
    const gone = closed(mine.socket);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers: { cookie } });
    expect(res.statusCode).toBe(204);
    // Closed, not told to leave: the page's own reconnection finds out why.
    expect(await gone).toBe('transport close');
    expect(await refusal(cookie)).toBe('UNAUTHENTICATED');
    await t.app.closeEndedStaffSockets();
    expect(other.socket.connected).toBe(true);
    expect(await refusal(otherDevice)).toBe('connected');
  });

  it('deactivating a user or giving a new password closes their sockets', async () => {
    const admin = await staffClient(t.app, 'admin');
    const users = (await admin('GET', '/api/v1/admin/users')).body as { id: number; username: string }[];
    for (const [username, change] of [
      ['operator2', { active: false }],
      ['operator3', { password: 'a-new-password-123' }],
    ] as const) {
      const cookie = await login(t.app, username, `${username}-demo`);
      const socket = await console_(cookie);
      const gone = closed(socket.socket);
      expect((await admin('PATCH', `/api/v1/admin/users/${users.find((u) => u.username === username)!.id}`, change)).status).toBe(200);
      expect(await gone).toBe('transport close');
      expect(await refusal(cookie)).toBe('UNAUTHENTICATED');
    }
    // A change that ends no session (a new name) closes nothing.
    const cookie = await login(t.app, 'operator1', 'operator1-demo');
    const socket = await console_(cookie);
    expect((await admin('PATCH', `/api/v1/admin/users/${users.find((u) => u.username === 'operator1')!.id}`, { name: 'Ayesha Siddiqa Khan-Durrani' })).status).toBe(200);
    await t.app.closeEndedStaffSockets();
    expect(socket.socket.connected).toBe(true);
  });

  it('an expired session’s sockets are closed by the periodic check', async () => {
    const cookie = await login(t.app, 'supervisor', 'supervisor-demo');
    const socket = await console_(cookie);
    await t.app.closeEndedStaffSockets();
    expect(socket.socket.connected).toBe(true);
    t.clock.advance(13 * 3600_000);
    const gone = closed(socket.socket);
    await t.app.closeEndedStaffSockets();
    expect(await gone).toBe('transport close');
  });
});

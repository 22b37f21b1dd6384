import { describe, expect, it } from 'vitest';
import type { DeviceHeartbeat, DevicesResponse } from '@navbat/shared';
import { login, staffClient } from '../support/test-app';
import { useListeningApp } from '../support/listening-app';

// Devices report themselves over the sockets they already hold; the devices page shows green, amber or red.

const t = useListeningApp();
const connect = t.connect;

const beat = (over: Partial<DeviceHeartbeat>): DeviceHeartbeat => ({
  deviceId: 'kiosk-entrance-1',
  kind: 'kiosk',
  label: 'Kiosk by the entrance',
  appVersion: '0.1.0',
  screen: { width: 1080, height: 1920 },
  sound: null,
  printer: 'ok',
  ...over,
});

async function devices(): Promise<DevicesResponse> {
  const supervisor = await staffClient(t.app, 'supervisor');
  const r = await supervisor('GET', '/api/v1/centers/isb-g9/devices');
  expect(r.status).toBe(200);
  return r.body as DevicesResponse;
}
const device = async (id: string) => (await devices()).devices.find((d) => d.deviceId === id);

describe('devices', () => {
  it('a kiosk, a display and a counter PC report over their sockets and are listed green', async () => {
    const kiosk = await connect('/display', { centerId: 'isb-g9' });
    const display = await connect('/display', { centerId: 'isb-g9', zone: 'hall-a' });
    const counterPc = await connect('/staff', { centerId: 'isb-g9' }, await login(t.app, 'operator1', 'operator1-demo'));
    kiosk.socket.emit('device:heartbeat', beat({}));
    display.socket.emit('device:heartbeat', beat({ deviceId: 'display-hall-a', kind: 'display', label: 'hall-a', screen: { width: 1920, height: 1080 }, sound: true, printer: null }));
    counterPc.socket.emit('device:heartbeat', beat({ deviceId: 'counter-pc-1', kind: 'counter', label: 'Counter 1', printer: null }));
    await expect.poll(async () => (await devices()).devices.length).toBe(3);
    const list = await devices();
    expect(list.heartbeatSeconds).toBe(15);
    expect(list.devices.map((d) => [d.deviceId, d.kind, d.state])).toEqual(
      expect.arrayContaining([
        ['kiosk-entrance-1', 'kiosk', 'green'],
        ['display-hall-a', 'display', 'green'],
        ['counter-pc-1', 'counter', 'green'],
      ]),
    );
    expect(await device('kiosk-entrance-1')).toMatchObject({
      label: 'Kiosk by the entrance',
      screen: { width: 1080, height: 1920 },
      printer: 'ok',
      sound: null,
      firstSeenAt: '2026-11-24T05:00:00.000Z',
      lastSeenAt: '2026-11-24T05:00:00.000Z',
      problem: null,
    });
  });

  it('turns amber when a heartbeat is late and red when dark a minute; a failed printer is red at once', async () => {
    const kiosk = await connect('/display', { centerId: 'isb-g9' });
    const display = await connect('/display', { centerId: 'isb-g9' });
    kiosk.socket.emit('device:heartbeat', beat({}));
    display.socket.emit('device:heartbeat', beat({ deviceId: 'display-main', kind: 'display', sound: true, printer: null }));
    await expect.poll(async () => (await devices()).devices.length).toBe(2);

    t.clock.advance(31_000);
    expect(await device('display-main')).toMatchObject({ state: 'amber', problem: 'late' });
    t.clock.advance(30_000);
    expect(await device('display-main')).toMatchObject({ state: 'red', problem: 'dark' });

    // The kiosk reports again (a new connection, as after a restart): its printer failed on the last print.
    kiosk.close();
    const again = await connect('/display', { centerId: 'isb-g9' });
    again.socket.emit('device:heartbeat', beat({ printer: 'failed' }));
    await expect.poll(async () => (await device('kiosk-entrance-1'))?.problem).toBe('printer');
    expect(await device('kiosk-entrance-1')).toMatchObject({ state: 'red', firstSeenAt: '2026-11-24T05:00:00.000Z', lastSeenAt: '2026-11-24T05:01:01.000Z' });
  });

  it('a display with its announcements off is amber', async () => {
    const display = await connect('/display', { centerId: 'isb-g9' });
    display.socket.emit('device:heartbeat', beat({ deviceId: 'display-quiet', kind: 'display', sound: false, printer: null }));
    await expect.poll(async () => (await device('display-quiet'))?.problem).toBe('silent');
    expect((await device('display-quiet'))!.state).toBe('amber');
  });

  it('ignores a malformed report, and a supervisor forgets a retired device', async () => {
    const kiosk = await connect('/display', { centerId: 'isb-g9' });
    const other = await connect('/display', { centerId: 'isb-g9' });
    kiosk.socket.emit('device:heartbeat', { deviceId: 'x', kind: 'toaster' });
    other.socket.emit('device:heartbeat', beat({ deviceId: 'kiosk-2-valid' }));
    await expect.poll(async () => (await devices()).devices.map((d) => d.deviceId)).toEqual(['kiosk-2-valid']);

    const supervisor = await staffClient(t.app, 'supervisor');
    expect((await supervisor('DELETE', '/api/v1/centers/isb-g9/devices/kiosk-2-valid')).status).toBe(204);
    expect((await devices()).devices).toEqual([]);
    const again = await supervisor('DELETE', '/api/v1/centers/isb-g9/devices/kiosk-2-valid');
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe('DEVICE_NOT_FOUND');
    expect((await supervisor('DELETE', '/api/v1/centers/isb-g9/devices/bad!id')).status).toBe(400);
    expect((await supervisor('GET', '/api/v1/centers/nowhere/devices')).status).toBe(404);
  });
});

import { describe, expect, it } from 'vitest';
import { deviceHeartbeatSchema, deviceIdOf, startHeartbeat, type DeviceHeartbeat } from '@navbat/shared';
import { decideRegister, deviceHealth, maxDevicesPerCenter } from '../../server/src/domain/devices';
import { onHeartbeat } from '../../server/src/realtime/acks';

const at = (s: number) => new Date(Date.parse('2026-11-24T05:00:00.000Z') + s * 1000);
const seen = '2026-11-24T05:00:00.000Z';

describe('device health', () => {
  it('green while reporting, amber a heartbeat late, red dark a minute', () => {
    const d = { kind: 'display' as const, lastSeenAt: seen, sound: true, printer: null };
    expect(deviceHealth(d, at(0))).toEqual({ state: 'green', problem: null });
    expect(deviceHealth(d, at(30))).toEqual({ state: 'green', problem: null });
    expect(deviceHealth(d, at(31))).toEqual({ state: 'amber', problem: 'late' });
    expect(deviceHealth(d, at(60))).toEqual({ state: 'amber', problem: 'late' });
    expect(deviceHealth(d, at(61))).toEqual({ state: 'red', problem: 'dark' });
  });

  it('a failed printer is red at once; a silent display amber; a dark device is dark first', () => {
    expect(deviceHealth({ kind: 'kiosk', lastSeenAt: seen, sound: null, printer: 'failed' }, at(1))).toEqual({ state: 'red', problem: 'printer' });
    expect(deviceHealth({ kind: 'kiosk', lastSeenAt: seen, sound: null, printer: 'failed' }, at(90))).toEqual({ state: 'red', problem: 'dark' });
    expect(deviceHealth({ kind: 'display', lastSeenAt: seen, sound: false, printer: null }, at(1))).toEqual({ state: 'amber', problem: 'silent' });
    expect(deviceHealth({ kind: 'counter-display', lastSeenAt: seen, sound: false, printer: null }, at(1))).toEqual({ state: 'amber', problem: 'silent' });
    // A counter PC has no announcements to be off.
    expect(deviceHealth({ kind: 'counter', lastSeenAt: seen, sound: false, printer: null }, at(1))).toEqual({ state: 'green', problem: null });
  });

  it('a centre holds a bounded number of devices; a known one always reports', () => {
    expect(decideRegister(false, maxDevicesPerCenter - 1).ok).toBe(true);
    expect(decideRegister(false, maxDevicesPerCenter)).toMatchObject({ ok: false, code: 'TOO_MANY_DEVICES' });
    expect(decideRegister(true, maxDevicesPerCenter).ok).toBe(true);
  });
});

describe('heartbeats', () => {
  const good: DeviceHeartbeat = { deviceId: 'kiosk-0001', kind: 'kiosk', label: null, appVersion: '1', screen: { width: 10, height: 10 }, sound: null, printer: 'ok' };

  it('the schema refuses what a device never sends', () => {
    expect(deviceHeartbeatSchema.safeParse(good).success).toBe(true);
    for (const bad of [{ ...good, deviceId: 'short' }, { ...good, kind: 'toaster' }, { ...good, screen: { width: 0, height: 5 } }, { ...good, extra: 1 }, { ...good, label: 'x'.repeat(81) }]) {
      expect(deviceHeartbeatSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('the server takes at most one report per socket every 5 s and drops malformed ones', async () => {
    let listener: ((...args: unknown[]) => void) | undefined;
    const recorded: string[] = [];
    onHeartbeat(
      { on: (_e, l) => (listener = l) },
      (p) => deviceHeartbeatSchema.safeParse(p),
      async (b) => void recorded.push(b.deviceId),
      () => {},
    );
    listener!({ nonsense: true });
    listener!(good);
    listener!({ ...good, deviceId: 'kiosk-0002' });
    expect(recorded).toEqual(['kiosk-0001']);
  });

  it('a device keeps its id across restarts, and a new one makes its own', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    const first = deviceIdOf(storage, () => 'abc-123-def-456');
    expect(first).toBe('abc-123-def-456');
    expect(deviceIdOf(storage, () => 'other-id-0000')).toBe(first);
    expect(deviceIdOf(null, () => 'no-storage-id')).toBe('no-storage-id');
  });

  it('reports at once and then on every tick until stopped', () => {
    const sent: DeviceHeartbeat[] = [];
    let tick: (() => void) | undefined;
    const realSetInterval = globalThis.setInterval;
    const realClearInterval = globalThis.clearInterval;
    let cleared = false;
    globalThis.setInterval = ((fn: () => void) => ((tick = fn), 1)) as unknown as typeof setInterval;
    globalThis.clearInterval = (() => (cleared = true)) as typeof clearInterval;
    try {
      const stop = startHeartbeat((b) => sent.push(b), () => good);
      expect(sent).toHaveLength(1);
      tick!();
      expect(sent).toHaveLength(2);
      stop();
      expect(cleared).toBe(true);
    } finally {
      globalThis.setInterval = realSetInterval;
      globalThis.clearInterval = realClearInterval;
    }
  });
});

describe('the version devices report', () => {
  it('is the package version', async () => {
    const { appVersion } = await import('@navbat/shared');
    const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(appVersion).toBe(pkg.version);
  });
});

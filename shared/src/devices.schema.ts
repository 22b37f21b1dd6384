import { z } from 'zod';
import { centerIdSchema, isoTime } from './common.schema';

/** What a device is: a kiosk, a hall display, a counter PC, or the small screen above a counter. */
export const deviceKindSchema = z.enum(['kiosk', 'display', 'counter', 'counter-display']);
export type DeviceKind = z.infer<typeof deviceKindSchema>;

/** The kiosk's printer as its last print left it (a browser can tell only that printing started or failed). */
export const printerStatusSchema = z.enum(['ok', 'failed', 'unknown']);
export type PrinterStatus = z.infer<typeof printerStatusSchema>;

/** A device's own id, made once and kept in the browser's storage. */
export const deviceIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'a device id is 8–64 of A-Z, a-z, 0-9, _ and -');

/** What a device reports over its socket every `heartbeatSeconds` (event `device:heartbeat`). */
export const deviceHeartbeatSchema = z
  .object({
    deviceId: deviceIdSchema,
    kind: deviceKindSchema,
    /** A name the device knows itself by: the counter's name, the display's zone, "Kiosk 2". */
    label: z.string().trim().max(80).nullish(),
    appVersion: z.string().trim().max(40),
    screen: z.object({ width: z.number().int().min(1).max(20_000), height: z.number().int().min(1).max(20_000) }),
    /** Displays: announcements on or off; others: null. */
    sound: z.boolean().nullish(),
    /** Kiosks: the printer as the last print left it; others: null. */
    printer: printerStatusSchema.nullish(),
    /** Kiosks: the hall zone they stand in (`/kiosk?zone=`), so a counter of that zone prints there first. */
    zone: z.string().trim().min(1).max(40).nullish(),
  })
  .strict();
export type DeviceHeartbeat = z.infer<typeof deviceHeartbeatSchema>;

/** Green: reporting; amber: a heartbeat late, or a display with its sound off; red: dark a minute, or printer failed. */
export const deviceStateSchema = z.enum(['green', 'amber', 'red']);
export const deviceProblemSchema = z.enum(['dark', 'late', 'printer', 'silent']);
export type DeviceState = z.infer<typeof deviceStateSchema>;
export type DeviceProblem = z.infer<typeof deviceProblemSchema>;

export const deviceSchema = z
  .object({
    deviceId: z.string(),
    kind: deviceKindSchema,
    label: z.string().nullable(),
    appVersion: z.string(),
    screen: z.object({ width: z.number().int(), height: z.number().int() }),
    sound: z.boolean().nullable(),
    printer: printerStatusSchema.nullable(),
    firstSeenAt: isoTime,
    lastSeenAt: isoTime,
    state: deviceStateSchema,
    problem: deviceProblemSchema.nullable(),
  })
  .meta({ id: 'Device' });
export type Device = z.infer<typeof deviceSchema>;

export const devicesResponseSchema = z.object({ at: isoTime, heartbeatSeconds: z.number().int(), devices: z.array(deviceSchema) }).meta({ id: 'Devices' });
export type DevicesResponse = z.infer<typeof devicesResponseSchema>;

export const deviceParamsSchema = z.object({ centerId: centerIdSchema, deviceId: deviceIdSchema });

/** How often devices report; the rules of `state` count in these. */
export const heartbeatSeconds = 15;

/** Where a device keeps its id between restarts. */
export interface DeviceStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const storageKey = 'navbat.deviceId';

/** This device's id: the one kept in `storage`, else a new random one kept from now on. */
export function deviceIdOf(storage: DeviceStorage | null, random: () => string): string {
  try {
    const kept = storage?.getItem(storageKey);
    if (kept && deviceIdSchema.safeParse(kept).success) return kept;
    const made = random().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
    storage?.setItem(storageKey, made);
    return made;
  } catch {
    return random().replace(/[^A-Za-z0-9_-]/g, '').slice(0, 64);
  }
}

/**
 * Reports `info()` through `emit` now and every `heartbeatSeconds` until stopped; the apps call it with
 * their socket (`socket.emit('device:heartbeat', …)`) and send again on every reconnect.
 */
export function startHeartbeat(emit: (beat: DeviceHeartbeat) => void, info: () => DeviceHeartbeat, everyMs = heartbeatSeconds * 1000): () => void {
  const beat = () => {
    try {
      emit(info());
    } catch {
      // a failed report is the next one's job
    }
  };
  beat();
  const timer = setInterval(beat, everyMs);
  return () => clearInterval(timer);
}

/** The apps' version, reported in heartbeats (kept equal to package.json's by a unit test). */
export const appVersion = '0.1.0';

/** What an app says about itself; the id, version and screen size are added by `reportDevice`. */
export type DeviceDescription = Pick<DeviceHeartbeat, 'kind'> & Partial<Pick<DeviceHeartbeat, 'label' | 'sound' | 'printer' | 'zone'>>;

/** The part of a Socket.IO client socket that reporting needs. */
export interface HeartbeatSocket {
  readonly connected: boolean;
  on(event: 'connect' | 'disconnect', listener: () => void): unknown;
  off(event: 'connect' | 'disconnect', listener: () => void): unknown;
  emit(event: 'device:heartbeat', beat: DeviceHeartbeat): unknown;
}

interface BrowserGlobals {
  localStorage?: DeviceStorage;
  screen?: { width: number; height: number };
  crypto?: { randomUUID?: () => string };
}

/**
 * Reports this browser as a device over `socket` while it is connected: at once on every (re)connect, then
 * every `heartbeatSeconds`. Answers a function that stops it (call it when the socket is closed).
 */
export function reportDevice(socket: HeartbeatSocket, describe: () => DeviceDescription): () => void {
  const g = globalThis as unknown as BrowserGlobals;
  let storage: DeviceStorage | null = null;
  try {
    storage = g.localStorage ?? null;
  } catch {
    // storage may be disabled: a new id each start
  }
  const deviceId = deviceIdOf(storage, () => g.crypto?.randomUUID?.() ?? `d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`);
  const beat = (): DeviceHeartbeat => {
    const d = describe();
    return {
      deviceId,
      kind: d.kind,
      label: d.label ? d.label.slice(0, 80) : null,
      appVersion,
      screen: { width: Math.max(1, Math.round(g.screen?.width ?? 1)), height: Math.max(1, Math.round(g.screen?.height ?? 1)) },
      sound: d.sound ?? null,
      printer: d.printer ?? null,
      ...(d.zone ? { zone: d.zone.slice(0, 40) } : {}),
    };
  };
  let stop: (() => void) | null = null;
  const start = () => {
    stop?.();
    stop = startHeartbeat((b) => socket.emit('device:heartbeat', b), beat);
  };
  const halt = () => {
    stop?.();
    stop = null;
  };
  socket.on('connect', start);
  socket.on('disconnect', halt);
  if (socket.connected) start();
  return () => {
    halt();
    socket.off('connect', start);
    socket.off('disconnect', halt);
  };
}

import { heartbeatSeconds, type DeviceKind, type DeviceProblem, type DeviceState, type PrinterStatus } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';

// The devices page's rules: when a device is green, amber or red, and how many a centre may register.

/** A display or kiosk silent this long is dark (red): the "dark for a minute". */
export const darkAfterSeconds = 60;
/** One heartbeat missed, and a little: amber. */
export const lateAfterSeconds = 2 * heartbeatSeconds;
/** Devices register themselves over a public socket: a centre holds at most this many. */
export const maxDevicesPerCenter = 500;

export interface DeviceFacts {
  kind: DeviceKind;
  lastSeenAt: string;
  sound: boolean | null;
  printer: PrinterStatus | null;
}

/**
 * Red when the device has been dark a minute or its printer failed; amber when a heartbeat is late or a
 * display's announcements are off (citizens who do not watch the screen miss their call); else green.
 */
export function deviceHealth(d: DeviceFacts, now: Date): { state: DeviceState; problem: DeviceProblem | null } {
  const silentFor = (now.getTime() - Date.parse(d.lastSeenAt)) / 1000;
  if (silentFor > darkAfterSeconds) return { state: 'red', problem: 'dark' };
  if (d.printer === 'failed') return { state: 'red', problem: 'printer' };
  if (silentFor > lateAfterSeconds) return { state: 'amber', problem: 'late' };
  if ((d.kind === 'display' || d.kind === 'counter-display') && d.sound === false) return { state: 'amber', problem: 'silent' };
  return { state: 'green', problem: null };
}

/** A device not seen before may join while the centre has room for it. */
export function decideRegister(known: boolean, devicesOfCenter: number): Decision {
  if (known || devicesOfCenter < maxDevicesPerCenter) return allow({});
  return refuse('TOO_MANY_DEVICES', `a centre holds at most ${maxDevicesPerCenter} devices; forget retired ones on the devices page`);
}

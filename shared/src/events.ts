import { z } from 'zod';
import { centerIdSchema, publicIdSchema } from './common.schema';
import { zoneSchema, type DisplayState, type TicketCalledEvent } from './display.schema';
import type { TicketEnvelope } from './tickets.schema';
import type { CounterEnvelope, QueueSummary } from './counters.schema';
import type { CenterUpdatedEvent } from './centers.schema';
import { apiErrorSchema } from './errors';
import type { DeviceHeartbeat } from './devices.schema';
import type { BroadcastUpdatedEvent } from './broadcasts.schema';
import type { PrintJob, PrintJobAck } from './kiosk-print.schema';

/**
 * How every app's socket connects (socket.io-client's options): straight to a WebSocket, one request, instead of
 * socket.io's default HTTP long-polling handshake upgraded afterwards (four or five requests per screen, which a
 * restart multiplies by every display and phone in the hall); HTTP long-polling where a WebSocket cannot be made (a
 * proxy that refuses upgrades).
 */
export function socketTransports(): { transports: ('websocket' | 'polling')[]; tryAllTransports: boolean } {
  return { transports: ['websocket', 'polling'], tryAllTransports: true };
}

/** The refusal half of every socket acknowledgement: the same `{ code, message }` as a REST error. */
export const ackRefusalSchema = z.object({ ok: z.literal(false), error: apiErrorSchema.shape.error });

/**
 * Every socket acknowledgement uses this envelope: `{ ok: true, data }` or `{ ok: false, error }`. The ack is
 * a command's LAST argument; the server ignores anything a client sends before it (`emit('display:sync', {}, ack)`).
 */
// The maps below type the ack-only form the apps send; the server reads the ack as the last argument of any form.
type CommandWithAck<T> = (ack: (answer: Ack<T>) => void) => void;

/** The envelope as a zod schema: `{ ok: true, data }` or `{ ok: false, error }`. */
export function ackSchema<T extends z.ZodType>(data: T) {
  return z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }), ackRefusalSchema]);
}
export type Ack<T> = { ok: true; data: T } | z.infer<typeof ackRefusalSchema>;

// ---- /display namespace (public) ----
export const displayHandshakeSchema = z.object({ centerId: centerIdSchema, zone: zoneSchema.optional() });
export type DisplayHandshake = z.infer<typeof displayHandshakeSchema>;

export interface DisplayServerEvents {
  'display:snapshot': (state: DisplayState) => void;
  /** The whole state after any change a display can see; `seq` as in `ticket:called`. */
  'display:updated': (state: DisplayState) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
  /** Kiosks only (after their first heartbeat): print a staff-issued ticket's slip, then answer. */
  'print:ticket': (job: PrintJob, ack: (answer: PrintJobAck) => void) => void;
}
export interface DisplayClientEvents {
  'display:sync': CommandWithAck<DisplayState>;
  /** Kiosks and displays report themselves (docs/supervisor.md "Devices"); no answer. */
  'device:heartbeat': (beat: DeviceHeartbeat) => void;
}

// ---- /ticket namespace (public) ----
export const ticketHandshakeSchema = z.object({ publicId: publicIdSchema });
export type TicketHandshake = z.infer<typeof ticketHandshakeSchema>;
export interface TicketServerEvents {
  'ticket:updated': (payload: TicketEnvelope) => void;
  /** The supervisor's message that applies to this ticket (on connect, and whenever it changes). */
  'broadcast:updated': (payload: BroadcastUpdatedEvent) => void;
}
export interface TicketClientEvents {
  'ticket:sync': CommandWithAck<TicketEnvelope>;
}

// ---- /staff namespace (session cookie) ----
export const staffHandshakeSchema = z.object({ centerId: centerIdSchema });
export type StaffHandshake = z.infer<typeof staffHandshakeSchema>;

export interface StaffServerEvents {
  'queue:updated': (summary: QueueSummary) => void;
  'counter:updated': (payload: CounterEnvelope) => void;
  'ticket:issued': (payload: TicketEnvelope) => void;
  'ticket:updated': (payload: TicketEnvelope) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
  'center:updated': (payload: CenterUpdatedEvent) => void;
}
export interface StaffClientEvents {
  'queue:sync': CommandWithAck<QueueSummary>;
  /** Counter PCs report themselves; no answer. */
  'device:heartbeat': (beat: DeviceHeartbeat) => void;
}

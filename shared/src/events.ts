import { z } from 'zod';
import { centerIdSchema, publicIdSchema } from './common.schema';
import { zoneSchema, type DisplayState, type TicketCalledEvent } from './display.schema';
import type { Ticket } from './tickets.schema';
import type { Counter } from './counters.schema';
import type { ApiError } from './errors';

/** Every socket acknowledgement uses this envelope. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: ApiError['error'] };

// ---- /display namespace (public) ----
export const displayHandshakeSchema = z.object({ centerId: centerIdSchema, zone: zoneSchema.optional() });
export type DisplayHandshake = z.infer<typeof displayHandshakeSchema>;

export interface DisplayServerEvents {
  'display:snapshot': (state: DisplayState) => void;
  /** The whole state after any change a display can see; `seq` as in `ticket:called`. */
  'display:updated': (state: DisplayState) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
}
export interface DisplayClientEvents {
  'display:sync': (ack: (answer: Ack<DisplayState>) => void) => void;
}

// ---- /ticket namespace (public) ----
export const ticketHandshakeSchema = z.object({ publicId: publicIdSchema });
export interface TicketServerEvents {
  'ticket:updated': (payload: { ticket: Ticket }) => void;
}
export interface TicketClientEvents {
  'ticket:sync': (ack: (answer: Ack<{ ticket: Ticket }>) => void) => void;
}

// ---- /staff namespace (session cookie) ----
export const staffHandshakeSchema = z.object({ centerId: centerIdSchema });

export interface QueueServiceSummary {
  serviceId: number;
  waiting: number;
  longestWaitSeconds: number | null;
  oldestIssuedAt: string | null;
  estimatedWaitSeconds: number | null;
  slaTargetMinutes: number;
  openCounters: number;
}
export interface QueueSummary {
  centerId: string;
  at: string;
  services: QueueServiceSummary[];
}

export interface StaffServerEvents {
  'queue:updated': (summary: QueueSummary) => void;
  'counter:updated': (payload: { counter: Counter }) => void;
  'ticket:issued': (payload: { ticket: Ticket }) => void;
  'ticket:updated': (payload: { ticket: Ticket }) => void;
  'ticket:called': (event: TicketCalledEvent) => void;
  'center:updated': (payload: { centerId: string; tickerMessage: string | null }) => void;
}
export interface StaffClientEvents {
  'queue:sync': (ack: (answer: Ack<QueueSummary>) => void) => void;
}

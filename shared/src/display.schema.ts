import { z } from 'zod';
import { isoTime } from './common.schema';
import { counterStatusSchema } from './counters.schema';
import { waitRangeSchema } from './estimates.schema';

/**
 * In a busy hall a centre's displays get a fresh `display:updated` at most this often (two at once after a quiet
 * spell); calls (`ticket:called`) go out at once. The server keeps to it and a display waits this long (and a
 * half) for a state before it asks `display:sync` about a missed seq.
 */
export const displayStateEveryMs = 1000;

/**
 * How a hall display reconnects (socket.io-client's options): quickly at first (a server restart, whose
 * port takes connections while it starts), then every few seconds (a long network drop). Figure 5 of
 * `npm run bench` reconnects its thousand displays the same way.
 */
export const displayReconnection = {
  reconnectionDelay: 500,
  reconnectionDelayMax: 5_000,
  randomizationFactor: 0.3,
} as const;

/** A counter zone as a display names it; control characters (NUL…) are refused, not looked up. */
export const zoneSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  // Matching control characters is the point here.
  // eslint-disable-next-line no-control-regex
  .regex(/^[^\u0000-\u001f\u007f-\u009f]+$/, 'a zone has no control characters');

export const displayCallSchema = z.object({
  counterId: z.number().int(),
  counterName: z.string(),
  ticketCode: z.string(),
  serviceId: z.number().int(),
  calledAt: isoTime,
});
export type DisplayCall = z.infer<typeof displayCallSchema>;

/** A counter as displays see it: the small screen above it shows its name and whether it is open. */
export const displayCounterSchema = z.object({
  counterId: z.number().int(),
  counterName: z.string(),
  status: counterStatusSchema,
  /** While paused: when the operator said they would be back, else null. */
  expectedBackAt: isoTime.nullable(),
});
export type DisplayCounter = z.infer<typeof displayCounterSchema>;

export const displayWaitingSchema = z.object({
  serviceId: z.number().int(),
  count: z.number().int(),
  /** The 80% range of the wait of someone joining this line now (an extension; null without an estimate). */
  waitRange: waitRangeSchema.nullable(),
});

export const displayStateSchema = z
  .object({
    centerId: z.string(),
    zone: z.string().nullable(),
    seq: z.number().int(),
    serving: z.array(displayCallSchema),
    recentCalls: z.array(displayCallSchema),
    waiting: z.array(displayWaitingSchema),
    message: z.string().nullable(),
    /** The active counters of the zone (an extension, for the per-counter screens). */
    counters: z.array(displayCounterSchema),
  })
  .meta({ id: 'DisplayState' });
export type DisplayState = z.infer<typeof displayStateSchema>;

export const displayQuerySchema = z.object({ zone: zoneSchema.optional() });

export const ticketCalledEventSchema = z.object({
  seq: z.number().int(),
  centerId: z.string(),
  ticketCode: z.string(),
  counterId: z.number().int(),
  counterName: z.string(),
  serviceId: z.number().int(),
  calledAt: isoTime,
  recall: z.boolean(),
});
export type TicketCalledEvent = z.infer<typeof ticketCalledEventSchema>;

/** `GET /counters/:counterId/display`: where the small screen above a counter finds its centre and zone. */
export const counterDisplaySchema = z
  .object({ counterId: z.number().int(), counterName: z.string(), centerId: z.string(), zone: z.string().nullable() })
  .meta({ id: 'CounterDisplay' });
export type CounterDisplay = z.infer<typeof counterDisplaySchema>;

import { z } from 'zod';
import { bodyId, isoTime, localizedSchema } from './common.schema';

// Journeys (several services in one visit) and fees (cashless, by PSID): API.md "Journeys", "Fees and payment".

/** At most this many stops after the first service of a visit. */
export const maxJourneyStops = 5;

/** The services a visit goes on to after the first one, in order (same centre, each active). */
export const nextServiceIdsSchema = z.array(bodyId).max(maxJourneyStops, `a journey has at most ${maxJourneyStops} stops`);

export const journeyStopStatusSchema = z.enum(['done', 'current', 'pending']);
export type JourneyStopStatus = z.infer<typeof journeyStopStatusSchema>;

export const journeyStopSchema = z
  .object({
    serviceId: z.number().int(),
    status: journeyStopStatusSchema,
    enteredAt: isoTime.nullable().describe("when the ticket entered this stop's line (null while pending)"),
    finishedAt: isoTime.nullable().describe('when this stop was completed (null unless done)'),
  })
  .meta({ id: 'JourneyStop' });
export type JourneyStop = z.infer<typeof journeyStopSchema>;

/** A service's fee, shown before the ticket is taken. */
export const feeSchema = z
  .object({ amountPkr: z.number().int().min(1).max(10_000_000), label: localizedSchema })
  .strict()
  .meta({ id: 'Fee' });
export type Fee = z.infer<typeof feeSchema>;

export const paymentStatusSchema = z.enum(['unpaid', 'paid', 'waived']);
export type PaymentStatus = z.infer<typeof paymentStatusSchema>;

/** A PSID: the 17-digit Payment Slip ID created by the fee's authority (Navbat never invents one). */
export const psidSchema = z.string().regex(/^\d{17}$/, 'a PSID is 17 digits');

export const receiptRefSchema = z.string().trim().min(1).max(100);

export const ticketPaymentSchema = z
  .object({
    amountPkr: z.number().int(),
    psid: z.string().nullable(),
    status: paymentStatusSchema,
    paidAt: isoTime.nullable(),
    receiptRef: z.string().nullable(),
  })
  .meta({ id: 'TicketPayment' });
export type TicketPayment = z.infer<typeof ticketPaymentSchema>;

/** `POST /tickets/:id/payment` (operator): record the PSID, and/or mark paid or waived with a receipt reference. */
export const paymentBodySchema = z
  .object({
    psid: psidSchema.optional(),
    status: z.enum(['paid', 'waived']).optional(),
    receiptRef: receiptRefSchema.optional(),
  })
  .strict()
  .refine((b) => b.psid !== undefined || b.status !== undefined, { message: 'give a `psid`, a `status`, or both' })
  .refine((b) => b.status === undefined || b.receiptRef !== undefined, { message: 'marking paid or waived needs a `receiptRef`', path: ['receiptRef'] })
  .refine((b) => b.status !== undefined || b.receiptRef === undefined, { message: 'a `receiptRef` goes with a `status`', path: ['receiptRef'] });
export type PaymentBody = z.infer<typeof paymentBodySchema>;

/** The fee authority's signed notice: `POST /integrations/payments`. */
export const paymentNoticeBodySchema = z
  .object({ psid: psidSchema, status: z.literal('paid'), paidAt: isoTime.pipe(z.iso.datetime({ precision: 3 })), receiptRef: receiptRefSchema })
  .strict()
  .meta({ id: 'PaymentNotice' });
export type PaymentNoticeBody = z.infer<typeof paymentNoticeBodySchema>;

/** Stats totals of journeys: tickets that went on to a second stop, and their first issue to last finish. */
export const journeyTotalsSchema = z.object({ count: z.number().int(), avgTotalSeconds: z.number().nullable() });
export type JourneyTotals = z.infer<typeof journeyTotalsSchema>;

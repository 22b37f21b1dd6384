import { z } from 'zod';
import { isoTime } from './common.schema';
import { ticketSchema } from './tickets.schema';

// A staff-issued ticket printed on a kiosk of the hall (docs/control-room.md "Printing on a kiosk").


/** A kiosk whose printer may take a staff-issued ticket, nearest first. */
export const printableKioskSchema = z
  .object({
    deviceId: z.string(),
    label: z.string().nullable(),
    zone: z.string().nullable(),
    /** In the zone of the counter asked for. */
    sameZone: z.boolean(),
    lastSeenAt: isoTime,
  })
  .meta({ id: 'PrintableKiosk' });
export type PrintableKiosk = z.infer<typeof printableKioskSchema>;

/** What the kiosk is sent on /display (`print:ticket`, acknowledged): the slip's content, nothing private. */
export const printJobSchema = z.object({
  jobId: z.string(),
  ticket: z.object({ code: z.string(), publicId: z.string(), serviceId: z.number().int(), issuedAt: isoTime, language: z.string() }),
});
export type PrintJob = z.infer<typeof printJobSchema>;

/** The kiosk's answer: printed, or why not. */
export const printJobAckSchema = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), reason: z.enum(['printer_failed', 'busy']) })]);
export type PrintJobAck = z.infer<typeof printJobAckSchema>;

/** Why a kiosk did not print (the ticket is issued all the same; print it at the counter or show its QR). */
export const printFailureSchema = z.enum(['KIOSK_OFFLINE', 'PRINTER_FAILED', 'KIOSK_BUSY']);
export type PrintFailure = z.infer<typeof printFailureSchema>;

export const printOutcomeSchema = z
  .object({
    deviceId: z.string(),
    label: z.string().nullable(),
    printed: z.boolean(),
    error: printFailureSchema.nullable(),
  })
  .meta({ id: 'KioskPrint' });
export type PrintOutcome = z.infer<typeof printOutcomeSchema>;

/** `POST …/staff-tickets` answers the ticket and, with `printOn`, how the kiosk's print went. */
export const staffTicketResponseSchema = z.object({ ticket: ticketSchema, print: printOutcomeSchema.optional() });
export type StaffTicketResponse = z.infer<typeof staffTicketResponseSchema>;

/** How long the server waits for a kiosk's answer to a print job. */
export const kioskPrintTimeoutMs = 8_000;

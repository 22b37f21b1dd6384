import type { MessageKind, PrintFailure, PrinterStatus } from '@navbat/shared';
import { allow, refuse, type Decision } from './decision';

// A supervisor's message to everyone waiting, and a staff-issued ticket printed on a kiosk, as pure rules.

/** One broadcast as the rules read it. */
export interface BroadcastFacts {
  id: number;
  serviceId: number | null;
  expiresAt: string;
  clearedAt?: string | null;
}

/**
 * Whether a broadcast may go out now: as SMS at most once every `smsGapMinutes` per centre (a message costs
 * the centre and the citizen's patience; the phone pages and displays may change as often as needed).
 */
export function decideBroadcast(wantsSms: boolean, lastSmsAt: string | null, now: Date, smsGapMinutes: number): Decision {
  if (!wantsSms || lastSmsAt === null) return allow({});
  const next = Date.parse(lastSmsAt) + smsGapMinutes * 60_000;
  if (next <= now.getTime()) return allow({});
  return refuse('BROADCAST_SMS_TOO_SOON', `one SMS broadcast every ${smsGapMinutes} minutes; the next one may go at ${new Date(next).toISOString()}`, { retryAt: new Date(next).toISOString() });
}

/**
 * The broadcast a waiting ticket of `serviceId` sees: the newest shown one for its line or the whole centre
 * (`now` null: the list is what was shown at a commit, already without expired ones).
 */
export function applicableBroadcast<T extends BroadcastFacts>(newestFirst: readonly T[], serviceId: number, now: Date | null): T | null {
  return newestFirst.find((b) => !b.clearedAt && (now === null || Date.parse(b.expiresAt) > now.getTime()) && (b.serviceId === null || b.serviceId === serviceId)) ?? null;
}

/** The message log's kind of one broadcast's message: with the unique (ticket, kind) key, one per ticket and broadcast. */
export const broadcastMessageKind = (broadcastId: number): string => `broadcast:${broadcastId}`;

/** The template kind of a logged message kind (`broadcast:<id>` → `broadcast`). */
export const templateKindOf = (loggedKind: string): MessageKind => (loggedKind.startsWith('broadcast:') ? 'broadcast' : (loggedKind as MessageKind));

/** Kiosks are offered for printing while they report and their last print went well. */
export function kioskCanPrint(kiosk: { lastSeenAt: string; printer: PrinterStatus | null }, now: Date, darkAfterSeconds: number): boolean {
  return kiosk.printer !== 'failed' && now.getTime() - Date.parse(kiosk.lastSeenAt) <= darkAfterSeconds * 1000;
}

/** Nearest first: kiosks of the counter's zone, then the others, each by label. */
export function nearestKiosks<T extends { zone: string | null; label: string | null; deviceId: string }>(kiosks: readonly T[], counterZone: string | null): (T & { sameZone: boolean })[] {
  return kiosks
    .map((k) => ({ ...k, sameZone: counterZone !== null && k.zone === counterZone }))
    .sort((a, b) => Number(b.sameZone) - Number(a.sameZone) || (a.label ?? '').localeCompare(b.label ?? '', 'en', { numeric: true }) || a.deviceId.localeCompare(b.deviceId));
}

/** What a kiosk's answer (or its silence) to a print job means for the console. */
export function printFailureOf(answer: { ok: true } | { ok: false; reason: 'printer_failed' | 'busy' } | 'no-answer'): PrintFailure | null {
  if (answer === 'no-answer') return 'KIOSK_OFFLINE';
  if (answer.ok) return null;
  return answer.reason === 'busy' ? 'KIOSK_BUSY' : 'PRINTER_FAILED';
}

import { AppError, type IssueTicketBody, type StaffIssueBody, type Ticket, type User } from '@navbat/shared';
import type { ServiceContext } from './context';
import { inTransaction, rollback } from '../db/transaction';
import { centerGroup, centerRead } from '../db/centers.repository';
import { serviceRead } from '../db/services.repository';
import { idempotentAnswerRead } from '../db/idempotency.repository';
import { onSqlite, readTogether, readTogetherLater, type Read } from '../db/prepared';
import type { Executor } from '../db/database';
import type { CenterRow, ServiceRow } from '../db/schema';
import type { HolidayRow } from '../db/closures.repository';
import type { StoredAnswer } from '../db/idempotency.repository';
import { holidaysAroundRead } from '../db/closures.repository';
import { toCenterFacts, toHoliday, toServiceFacts } from './views/center.view';
import { answerOf, hashRequest, rememberAnswer } from './idempotent';
import { countRemoteTicketsOfPhone } from '../db/remote-join.repository';
import { lockPhoneDay } from '../db/appointments.repository';
import { orThrow } from '../domain/decision';
import { decideRemoteJoin } from '../domain/booking';
import { serviceDay } from '../domain/time';
import { recordOutbox } from './outbox';
import { centerBookingOf, remoteJoinOf } from './views/booking.view';
import { createTicket } from './create-ticket';
import { appendTicketEvent } from '../db/tickets.repository';
import { decideReprint } from '../domain/ticket-life';
import { requireTicket } from './lookups';
import { toTicketFacts, viewTicket } from './views/ticket.view';

/** What issuing answers: the ticket, and whether it is the stored answer to an Idempotency-Key seen before. */
export interface IssueResult {
  ticket: Ticket;
  replayed: boolean;
}

/**
 * Takes a ticket. With an Idempotency-Key, a repeated request answers the first answer again (the same
 * ticket) and issues nothing; the same key with another body is refused.
 */
export async function issue(
  ctx: ServiceContext,
  centerId: string,
  body: IssueTicketBody,
  idempotencyKey: string | undefined,
  channel: 'kiosk' | 'web' | 'staff' = 'kiosk',
  issuedBy: number | null = null,
): Promise<IssueResult> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const scope = `tickets:${centerId}`;
  const requestHash = hashRequest(body);
  const outcome = await inTransaction(ctx.database, async (trx) => {
    // On PostgreSQL the centre's issues share a commit group (`centerGroup`), which takes the centre's row lock first;
    // in it, numbers are serialized by their own row per service and day, the display sequence is moved last, and a
    // race on the same Idempotency-Key is caught when its answer is stored (within a group, the first is read).
    const { stored, storedLater, ...setup } = await issueReads(ctx, trx, centerId, body.serviceId, now, idempotencyKey === undefined ? null : idempotentAnswerRead(scope, idempotencyKey));
    const replay = async () => {
      const seen = answerOf<{ ticket: Ticket }>(await stored(), requestHash);
      return seen && rollback({ replayed: true as const, ticket: seen.ticket });
    };
    if (!storedLater) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    let created: Awaited<ReturnType<typeof newTicket>>;
    try {
      created = await newTicket(ctx, trx, setup, centerId, body, channel, issuedBy, now);
    } catch (error) {
      if (!storedLater) throw error;
      // A repeated request is answered its first answer (or refused for another body), whatever would refuse it now.
      const replayed = await replay().catch((e: unknown) => {
        throw e instanceof AppError ? e : error;
      });
      if (replayed) return replayed;
      throw error;
    }
    // The stored answer came with the number (kept setup on PostgreSQL): a repeated request writes nothing.
    if (storedLater) {
      const replayed = await replay();
      if (replayed) return replayed;
    }
    const { ticket, event } = created;
    await rememberAnswer(trx, { scope, key: idempotencyKey, requestHash, response: { ticket }, createdAt: nowIso });
    await recordOutbox(trx, [event], now);
    return { replayed: false as const, ticket, event };
  }, { group: centerGroup(centerId) });
  if (outcome.replayed) return { ticket: outcome.ticket, replayed: true };
  ctx.publish([outcome.event]);
  return { ticket: outcome.ticket, replayed: false };
}

/**
 * What issuing reads before it decides: the centre, the service, the holidays around today and the stored answer
 * to the Idempotency-Key. One round trip on PostgreSQL, or none when the instance keeps the centre's setup
 * (`setup-cache.ts`): the stored answer then goes out with the number (`storedLater`), and a repeated request is
 * rolled back once it is read. SQLite reads the stored answer now, and the setup when it is not kept.
 */
async function issueReads(ctx: ServiceContext, trx: Executor, centerId: string, serviceId: number, now: Date, storedRead: Read<StoredAnswer | undefined> | null) {
  const kept = await ctx.database.setup.ofIssue(trx, centerId, serviceId, now);
  if (kept) {
    const later = storedRead ? await readTogetherLater(trx, [storedRead]) : null;
    return { stored: async () => (later ? (await later())[0] : undefined), storedLater: !onSqlite(trx), ...kept };
  }
  const read = async () => {
    const [center, service, holidays, stored] = await readTogether(trx, [centerRead(centerId), serviceRead(serviceId), holidaysAroundRead(centerId, now), ...(storedRead ? [storedRead] : [])]);
    return { center, service, holidays, stored };
  };
  const { stored, ...setup } = await ctx.database.setup.keepIssue(trx, centerId, serviceId, now, read);
  return { stored: () => Promise.resolve(stored), storedLater: false, ...setup };
}

/** Decides and writes a new ticket (everything but its idempotency answer and outbox row). */
async function newTicket(
  ctx: ServiceContext,
  trx: Executor,
  { center, service, holidays }: { center: CenterRow | undefined; service: ServiceRow | undefined; holidays: HolidayRow[] },
  centerId: string,
  body: IssueTicketBody,
  channel: 'kiosk' | 'web' | 'staff',
  issuedBy: number | null,
  now: Date,
) {
  if (!center) throw new AppError('CENTER_NOT_FOUND', `no center ${centerId}`);
  if (!service || service.center_id !== centerId) throw new AppError('SERVICE_NOT_FOUND', `no service ${body.serviceId} here`);
  const remote = (body.channel ?? channel) === 'web';
  if (remote) {
    const day = serviceDay(now, center.timezone);
    if (body.phone) await lockPhoneDay(trx, ctx.database.dialect, 'remote', centerId, day, body.phone);
    const phoneTickets = body.phone ? await countRemoteTicketsOfPhone(trx, centerId, day, body.phone) : 0;
    orThrow(decideRemoteJoin(remoteJoinOf(center), centerBookingOf(center), phoneTickets));
  }
  return createTicket(trx, center, service, {
    priority: body.priority ?? 'none',
    channel: body.channel ?? channel,
    language: body.language ?? 'en',
    phone: body.phone ?? null,
    appointmentAt: null,
    arrived: !remote,
    nextServiceIds: body.nextServiceIds,
    issuedBy,
  }, now, {
    center: toCenterFacts(center, toHoliday(holidays.find((h) => h.date === serviceDay(now, center.timezone)))),
    service: toServiceFacts(service),
  });
}

/**
 * Staff issue a ticket for a citizen who cannot use the kiosk (channel `staff`, the issuer in its audit trail):
 * the same rules, numbers and line as a kiosk's ticket.
 */
export function issueForCitizen(ctx: ServiceContext, user: User, centerId: string, body: StaffIssueBody, idempotencyKey: string | undefined): Promise<IssueResult> {
  return issue(ctx, centerId, body, idempotencyKey, 'staff', user.id);
}

/** A lost ticket printed again: the same ticket (same code, same place), the reprint in its audit trail. */
export async function reprint(ctx: ServiceContext, user: User, ticketId: number, counterId: number | null): Promise<Ticket> {
  const now = ctx.clock.now();
  return inTransaction(ctx.database, async (trx) => {
    const row = await requireTicket(trx, ticketId);
    orThrow(decideReprint(toTicketFacts(row)));
    await appendTicketEvent(trx, { ticketId: row.id, centerId: row.center_id, type: 'reprinted', at: now.toISOString(), actorId: user.id, counterId, data: { code: row.code } });
    return viewTicket(trx, row, now);
  });
}

import { describe, expect, it } from 'vitest';
import { errorStatus, type TicketStatus } from '@navbat/shared';
import {
  decideCallTicket,
  decideCancel,
  decideComplete,
  decideFeedback,
  decideIssue,
  decideNoShow,
  decideNumber,
  decideRecall,
  decideStart,
  decideTransition,
  isServiceOpen,
  type CenterFacts,
  type ServiceFacts,
  type TicketCommand,
  type TicketFacts,
} from '../../server/src/domain/ticket-life';

const statuses: TicketStatus[] = ['waiting', 'called', 'serving', 'done', 'no_show', 'cancelled', 'expired'];

const legal: Record<Exclude<TicketCommand, 'feedback'>, Partial<Record<TicketStatus, TicketStatus>>> = {
  call: { waiting: 'called' },
  recall: { called: 'called' },
  start: { called: 'serving' },
  complete: { called: 'done', serving: 'done' },
  'no-show': { called: 'no_show' },
  transfer: { called: 'waiting', serving: 'waiting' },
  cancel: { waiting: 'cancelled' },
  expire: { waiting: 'expired' },
  move: { called: 'waiting', serving: 'waiting' },
  pay: { waiting: 'waiting', called: 'called', serving: 'serving' },
  psid: { waiting: 'waiting', called: 'called', serving: 'serving' },
  arrive: { waiting: 'waiting' },
  hold: { called: 'waiting', serving: 'waiting' },
  release: { waiting: 'waiting' },
  reassign: { waiting: 'waiting' },
  reopen: { no_show: 'waiting' },
};

const refusal: Record<Exclude<TicketCommand, 'feedback'>, string> = {
  call: 'TICKET_NOT_WAITING',
  recall: 'TICKET_NOT_CALLED',
  start: 'TICKET_NOT_CALLED',
  complete: 'TICKET_NOT_ACTIVE',
  'no-show': 'TICKET_NOT_CALLED',
  transfer: 'TICKET_NOT_ACTIVE',
  cancel: 'TICKET_NOT_WAITING',
  expire: 'TICKET_NOT_WAITING',
  move: 'TICKET_NOT_ACTIVE',
  pay: 'TICKET_NOT_ACTIVE',
  psid: 'TICKET_NOT_ACTIVE',
  arrive: 'TICKET_NOT_WAITING',
  hold: 'TICKET_NOT_ACTIVE',
  release: 'TICKET_NOT_HELD',
  reassign: 'TICKET_NOT_WAITING',
  reopen: 'TICKET_NOT_NO_SHOW',
};

/** The refusal code of a decision, or null when it allowed. */
const code = (d: { ok: true } | { ok: false; code: string }) => (d.ok ? null : d.code);

const nowIso = '2026-11-24T06:00:00.000Z';
const ticket = (p: Partial<TicketFacts> = {}): TicketFacts => ({
  status: 'waiting',
  serviceId: 1,
  issuedAt: '2026-11-24T05:50:00.000Z',
  firstCalledAt: null,
  calledAt: null,
  startedAt: null,
  waitMs: null,
  firstCounterId: null,
  recallCount: 0,
  rated: false,
  ...p,
});

describe('ticket state machine', () => {
  for (const [command, allowed] of Object.entries(legal) as [Exclude<TicketCommand, 'feedback'>, Partial<Record<TicketStatus, TicketStatus>>][]) {
    for (const from of statuses) {
      const to = allowed[from];
      if (to) {
        it(`${command}: ${from} → ${to}`, () => expect(decideTransition(from, command)).toEqual({ ok: true, status: to }));
      } else {
        it(`${command}: refused from ${from} with ${refusal[command]}`, () => {
          const d = decideTransition(from, command);
          expect(code(d)).toBe(refusal[command]);
          expect(errorStatus[code(d) as keyof typeof errorStatus]).toBe(409);
        });
      }
    }
  }

  it('feedback is taken once, only after the ticket was done', () => {
    expect(decideFeedback(ticket({ status: 'done' }), 5, 'thanks')).toEqual({ ok: true, changes: { status: 'done', rating: 5, feedbackComment: 'thanks' } });
    const again = decideFeedback(ticket({ status: 'done', rated: true }), 5, null);
    expect(again.ok || again.message).toMatch(/already been rated/);
    for (const s of statuses.filter((s) => s !== 'done')) expect(code(decideFeedback(ticket({ status: s }), 4, null))).toBe('FEEDBACK_NOT_ALLOWED');
  });
});

describe('what each ticket command writes', () => {
  it('cancel: a waiting ticket is finished now; anything else is refused', () => {
    expect(decideCancel(ticket(), nowIso)).toEqual({ ok: true, changes: { status: 'cancelled', finishedAt: nowIso } });
    expect(code(decideCancel(ticket({ status: 'called' }), nowIso))).toBe('TICKET_NOT_WAITING');
  });

  it('call: the wait is measured at the first call, and the first counter is kept', () => {
    const first = decideCallTicket(ticket(), 4, 9, nowIso);
    expect(first).toEqual({
      ok: true,
      changes: { status: 'called', calledAt: nowIso, firstCalledAt: nowIso, waitMs: 600_000, counterId: 4, firstCounterId: 4, operatorId: 9, transferCounterId: null, transferPlacement: null, holdUntil: null },
    });
    // Called again after a transfer: its first call and wait stay.
    const again = decideCallTicket(ticket({ firstCalledAt: '2026-11-24T05:55:00.000Z', waitMs: 300_000, firstCounterId: 2 }), 4, 9, nowIso);
    expect(again.ok && again.changes).toMatchObject({ firstCalledAt: '2026-11-24T05:55:00.000Z', waitMs: 300_000, firstCounterId: 2, counterId: 4 });
    expect(code(decideCallTicket(ticket({ status: 'done' }), 4, 9, nowIso))).toBe('TICKET_NOT_WAITING');
  });

  it('recall counts the recalls and moves the call time; start starts the service', () => {
    const called = ticket({ status: 'called', calledAt: '2026-11-24T05:58:00.000Z', recallCount: 1 });
    expect(decideRecall(called, nowIso)).toEqual({ ok: true, changes: { status: 'called', calledAt: nowIso, recallCount: 2 } });
    expect(decideStart(called, nowIso)).toEqual({ ok: true, changes: { status: 'serving', startedAt: nowIso } });
    expect(code(decideRecall(ticket({ status: 'serving' }), nowIso))).toBe('TICKET_NOT_CALLED');
    expect(code(decideStart(ticket({ status: 'serving' }), nowIso))).toBe('TICKET_NOT_CALLED');
  });

  it('complete: the service counts from the start, or from the call when never started', () => {
    const served = decideComplete(ticket({ status: 'serving', calledAt: '2026-11-24T05:57:00.000Z', startedAt: '2026-11-24T05:58:00.000Z' }), nowIso, 'card issued');
    expect(served).toEqual({ ok: true, changes: { status: 'done', startedAt: '2026-11-24T05:58:00.000Z', finishedAt: nowIso, serviceMs: 120_000, outcome: 'card issued' } });
    const straight = decideComplete(ticket({ status: 'called', calledAt: '2026-11-24T05:57:00.000Z' }), nowIso, null);
    expect(straight.ok && straight.changes).toMatchObject({ startedAt: '2026-11-24T05:57:00.000Z', serviceMs: 180_000, outcome: null });
    expect(code(decideComplete(ticket(), nowIso, null))).toBe('TICKET_NOT_ACTIVE');
  });

  it('no-show finishes a called ticket only', () => {
    expect(decideNoShow(ticket({ status: 'called' }), nowIso)).toEqual({ ok: true, changes: { status: 'no_show', finishedAt: nowIso } });
    expect(code(decideNoShow(ticket({ status: 'serving' }), nowIso))).toBe('TICKET_NOT_CALLED');
  });
});

describe('issuing', () => {
  // 06:00 UTC is 11:00 in Asia/Karachi, a Tuesday.
  const now = new Date(nowIso);
  const weekdays = [1, 2, 3, 4, 5];
  const center = (p: Partial<CenterFacts> = {}): CenterFacts => ({
    timezone: 'Asia/Karachi',
    openingHours: [{ days: weekdays, open: '09:00', close: '17:00' }],
    priorityCategories: [{ code: 'senior', name: { en: 'Senior', ur: 'بزرگ' } }],
    holiday: null,
    issuingStop: null,
    ...p,
  });
  const service = (p: Partial<ServiceFacts> = {}): ServiceFacts => ({ id: 1, active: true, openingHours: null, allowsPriority: true, dailyCap: null, prefix: 'A', issuingStop: null, ...p });

  it('a ticket is issued for the local service day while the service and the centre are open', () => {
    expect(decideIssue(center(), service(), 'none', now)).toEqual({ ok: true, priority: 'none', serviceDay: '2026-11-24' });
    expect(decideIssue(center(), service(), 'senior', now)).toEqual({ ok: true, priority: 'senior', serviceDay: '2026-11-24' });
  });

  it('closed: an inactive service, a closed centre, or a service outside its own hours', () => {
    expect(code(decideIssue(center(), service({ active: false }), 'none', now))).toBe('SERVICE_CLOSED');
    expect(code(decideIssue(center({ openingHours: [{ days: weekdays, open: '12:00', close: '17:00' }] }), service(), 'none', now))).toBe('SERVICE_CLOSED');
    expect(code(decideIssue(center(), service({ openingHours: [{ days: [0, 6], open: '09:00', close: '17:00' }] }), 'none', now))).toBe('SERVICE_CLOSED');
    expect(isServiceOpen(service(), center({ openingHours: null }), now)).toBe(true);
  });

  it('a holiday refuses CENTER_CLOSED with its reason, before hours; the service list shows the service closed', () => {
    const eid = center({ holiday: { date: '2026-11-24', reason: 'Eid ul-Fitr' } });
    expect(decideIssue(eid, service(), 'none', now)).toEqual({ ok: false, code: 'CENTER_CLOSED', message: 'the centre is closed on this day: Eid ul-Fitr' });
    expect(code(decideIssue({ ...eid, openingHours: [{ days: [0], open: '09:00', close: '10:00' }] }, service(), 'senior', now))).toBe('CENTER_CLOSED');
    expect(isServiceOpen(service(), eid, now)).toBe(false);
    // An inactive service stays SERVICE_CLOSED (it is not offered at all).
    expect(code(decideIssue(eid, service({ active: false }), 'none', now))).toBe('SERVICE_CLOSED');
  });

  it('a stop on issuing (centre or service) refuses ISSUING_STOPPED until its until, exclusive', () => {
    const until = new Date(now.getTime() + 60_000).toISOString();
    const stop = { reason: 'the hall is full', until, since: nowIso };
    expect(decideIssue(center({ issuingStop: stop }), service(), 'none', now)).toEqual({ ok: false, code: 'ISSUING_STOPPED', message: 'no more tickets are issued for now: the hall is full' });
    expect(code(decideIssue(center(), service({ issuingStop: { ...stop, reason: null, until: null } }), 'none', now))).toBe('ISSUING_STOPPED');
    expect(isServiceOpen(service({ issuingStop: stop }), center(), now)).toBe(false);
    // At `until` issuing resumes by itself; a stop of another service changes nothing here.
    expect(decideIssue(center({ issuingStop: stop }), service(), 'none', new Date(until)).ok).toBe(true);
    expect(isServiceOpen(service({ issuingStop: stop }), center(), new Date(Date.parse(until) - 1))).toBe(false);
    // A holiday wins over a stop: the citizen learns the centre is closed all day.
    expect(code(decideIssue(center({ issuingStop: stop, holiday: { date: '2026-11-24', reason: '14 August' } }), service(), 'none', now))).toBe('CENTER_CLOSED');
  });

  it('priority must be a known category of a service with a priority line', () => {
    expect(code(decideIssue(center(), service(), 'vip', now))).toBe('VALIDATION_ERROR');
    expect(code(decideIssue(center(), service({ allowsPriority: false }), 'senior', now))).toBe('PRIORITY_NOT_ALLOWED');
    // A closed service is refused as closed before its priority is looked at.
    expect(code(decideIssue(center(), service({ active: false, allowsPriority: false }), 'senior', now))).toBe('SERVICE_CLOSED');
  });

  it('the daily cap: the last number allowed is the cap', () => {
    expect(decideNumber(service({ dailyCap: 2 }), 2)).toEqual({ ok: true, number: 2, code: 'A002' });
    expect(code(decideNumber(service({ dailyCap: 2 }), 3))).toBe('DAILY_CAP_REACHED');
    expect(decideNumber(service({ prefix: 'BF' }), 1234)).toEqual({ ok: true, number: 1234, code: 'BF1234' });
  });
});
